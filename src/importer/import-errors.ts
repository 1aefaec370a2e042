/** The input file cannot be imported at all (missing, wrong header, not gzip): the message is shown as is. */
export class ImportFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportFileError';
  }
}
