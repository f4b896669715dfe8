import { defineCatalogue } from './types';

export const inquiryErrors = defineCatalogue({});
