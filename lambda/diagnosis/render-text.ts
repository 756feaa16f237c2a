// OWNED BY the lead.
import type { Report } from './report';

/** The report as text for a person at a terminal; ANSI colour only when `color` is set. */
export declare function renderText(report: Report, options?: { color?: boolean }): string;
