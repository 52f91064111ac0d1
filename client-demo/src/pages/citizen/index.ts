/** The citizen pages, one file per step. */
export { homePage } from './home.js';
export { formatHours, pointsPage } from './points.js';
export { bookPage } from './booking.js';
export { casePage, downloadCertificate, printCertificate } from './case.js';
export { verifyPage } from './verify.js';
