// The dev API keys, for scripts and tests: one list, kept with the API that seeds them.
export { DEV_API_KEYS, DEV_KEYS } from '../../api/http/devKeys';
