export { SearchResults } from './SearchResults';
export { useSearching } from './search-store';
