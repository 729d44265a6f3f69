/** Located spec errors now live in loop/ (shared by controllers, bridges and launch); re-exported here. */
export * from '../../loop/specIssues.js';
