/** The shapes of reporting: the YAML's `reports` and `standard` sections, a public intake, and per-case report facts. */

/** A range of a number (or of an age in years) that counts as one category: bounds are inclusive. */
export interface ReportBand {
  label: string;
  min?: number;
  max?: number;
}

/**
 * One statistical dimension of a service (e.g. SIMFONI-PPA's age band, sex, type of violence). Its values come
 * from choice fields (select, radio, multiselect, checkbox) or, banded, from a number or a date (age at `ageAt`).
 * Free text never becomes a dimension: it may name a person.
 */
export interface ReportDimension {
  id: string;
  label: string;
  /** The field, or several: the first one holding a value gives the category (e.g. date of birth, else estimated age). */
  field: string | string[];
  /** For a date field: the age in whole years at this date/datetime field (default: when the case was received). */
  ageAt?: string;
  /** Required for number and date fields: the categories. */
  bands?: ReportBand[];
}

/** A cross-tabulation of two dimensions, e.g. victims by age band (rows) and sex (columns). */
export interface ReportTable {
  label: string;
  rows: string;
  columns: string;
}

export interface ReportsSection {
  /** Roles that may open the service's report (/laporan). Default: the roles titled "Kepala …". */
  roles?: string[];
  /** Counts from 1 to below this are published as "<N" (default 3). */
  threshold?: number;
  dimensions?: ReportDimension[];
  tables?: ReportTable[];
}

/** Text or a list of texts (a list is shown as a list). */
export type StandardText = string | string[];

/**
 * The components of a service standard (Permenpan RB 15/2014) beyond the six the workflow already carries
 * (requirements, procedure, completion, fee, products, complaints), and the service pledge.
 */
export interface StandardSection {
  /** Dasar hukum. */
  legalBasis?: StandardText;
  /** Sarana, prasarana dan/atau fasilitas. */
  facilities?: StandardText;
  /** Kompetensi pelaksana. */
  competence?: StandardText;
  /** Pengawasan internal. */
  supervision?: StandardText;
  /** Jumlah pelaksana. */
  staffing?: StandardText;
  /** Jaminan pelayanan. */
  guarantee?: StandardText;
  /** Jaminan keamanan dan keselamatan pelayanan. */
  safety?: StandardText;
  /** Evaluasi kinerja pelaksana. */
  evaluation?: StandardText;
  /** Maklumat pelayanan. */
  pledge?: StandardText;
}

/** A member of the public may start a case of this service from a public form, without an account. */
export interface PublicIntake {
  /** Intake fields the public form asks (a subset of the start step's fields). */
  fields: string[];
  /** Values set for the person (e.g. the channel), `now`/`today` for the moment of sending. */
  values?: Record<string, string | number | boolean>;
  /** A select field of the intake naming the service complained about: the form is offered on those services' pages. */
  about?: string;
  /** The heading of the public form. */
  title?: string;
  /**
   * The public form's own words for a field, by name: its label and help are written for the staff who record a
   * complaint ("Nama pengadu", "Tulis sebagaimana disampaikan pengadu"); the person filling it in reads these.
   */
  wording?: Record<string, { label?: string; help?: string }>;
}

/**
 * What a report needs of one case, computed by the engine when the case is saved and kept in its summary
 * (`summary.facts`): no identity, only categories and times.
 */
export interface ReportFacts {
  /** Dimension id → the case's categories (option values or band labels); empty when the fields are empty. */
  dims: Record<string, string[]>;
  /** Step id → milliseconds the case spent at that step, summed over its completed visits. */
  steps: Record<string, number>;
  /** The completion deadline's due time, kept after the case closes (whether it closed within the standard). */
  due?: string;
}
