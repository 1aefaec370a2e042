// Public API of the importer (used by the `tailor import` CLI, the zero-setup start and the benchmark).
export { importOnlineRetail, DEFAULT_BATCH_SIZE } from './online-retail-importer.js';
export {
  importGenericCsv,
  checkGenericCsvHeader,
  type GenericCsvFiles,
  type GenericImportSummary,
} from './generic-csv-importer.js';
export {
  formatImportSummary,
  type ImportOptions,
  type ImportProgress,
  type ImportSummary,
  type MalformedRow,
} from './import-summary.js';
export { ImportFileError } from './import-errors.js';
export { checkOnlineRetailHeader } from './online-retail-row.js';
export { readCsvHeader } from './csv-file-reader.js';
export { readEventsHeader, readItemsHeader } from './generic-csv-row.js';
