// A process taking one backup of DB into DEST, slowly (few pages per step), for the fault-injection test
// that kills it midway. Prints "started" once the backup began and "done" when it finished.
// Usage: node --import tsx tests/helpers/backup-child.ts DB DEST
import { createBackup } from '../../electron/backend/db/backups.js';
import { openStore } from '../../electron/backend/store.js';

const [dbPath, dest] = process.argv.slice(2);
const store = openStore(dbPath!);
process.stdout.write('started\n');
await createBackup(store.db, dest!, { pagesPerStep: 4 });
store.close();
process.stdout.write('done\n');
