// Entry of a definition worker thread: TypeScript through tsx, as in bin/alur.js, then the jobs it runs.
import { register } from 'tsx/esm/api';

register();
await import('./jobs.ts');
