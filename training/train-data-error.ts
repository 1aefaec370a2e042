/** The data cannot support the job (nothing to train on, nothing to hold out): the CLI prints it as a usage error. */
export class TrainDataError extends Error {}
