export { selectBackend, activeBackendName, BACKEND_CHOICES } from './select-backend.js';
export type { BackendRequest, BackendSelection } from './select-backend.js';
