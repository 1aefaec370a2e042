import { Global, Module } from '@nestjs/common';
import { DEMO_DATA_FILE, findDemoDataFile } from './demo-data-file.js';
import { DemoDataService } from './demo-data.service.js';

/**
 * Imports the bundled Online Retail demo data on the first start of the embedded store.
 * @Global only for ordering: Nest runs the lifecycle hooks of global modules first, so the import
 * finishes before feature modules (catalog and popularity snapshots) load their first snapshot.
 */
@Global()
@Module({ providers: [DemoDataService, { provide: DEMO_DATA_FILE, useFactory: findDemoDataFile }] })
export class DemoDataModule {}
