/**
 * JSON forms: of Augur records in answers, live events and webhook bodies, and of the app's own state in stores.
 */
package dev.augur.alerting.json;
