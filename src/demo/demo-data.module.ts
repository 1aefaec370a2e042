import { Global, Module } from '@nestjs/common';
import { DEMO_DATA_FILE, findDemoDataFile } from './demo-data-file.js';
import { DEMO_TRAIN_CLI, DemoDataService } from './demo-data.service.js';
import { findTailorCli } from './demo-training.js';

/**
 * Imports the bundled Online Retail demo data on the first start of the embedded store and starts
 * training a first model in a child process.
 * @Global only for ordering: Nest runs the lifecycle hooks of global modules first, so the import
 * finishes before feature modules (catalog and popularity snapshots) load their first snapshot.
 */
@Global()
@Module({
  providers: [
    DemoDataService,
    { provide: DEMO_DATA_FILE, useFactory: findDemoDataFile },
    { provide: DEMO_TRAIN_CLI, useFactory: findTailorCli },
  ],
})
export class DemoDataModule {}
