/** Moved to loop/ (loop depends on nothing else); re-exported for the persistence API. */
export { writeFileAtomic } from '../../loop/writeFileAtomic.js';
