export {
  calibrationCountsTask,
  sampleRelationalTask,
} from '../src/sample/relational/relational-worker-task.js';
