// Starts GOV.UK Frontend's components. A file, not an inline script: the
// Content-Security-Policy allows scripts from this site only.
import { initAll } from "../govuk/govuk-frontend.min.js";

initAll();
