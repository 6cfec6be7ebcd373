import type { OfficeSettings } from '../../src/forms/office';

/** A fabricated filing office for the court-paper tests. */
export const TEST_OFFICE: OfficeSettings = {
  officeName: 'Sacramento County District Attorney',
  address: '901 G Street, Sacramento, CA 95814',
  attorneyName: 'Jane Q. Prosecutor',
  barNumber: '123456',
  phone: '(916) 555-0100',
  email: 'prop64@example.org',
};
