// The phrasebook's shape: generic customer-service intent key → typical customer phrasings.
/**
 * `domain/intent`, e.g. `banking/balance`, `retail/order_status`, `appointments/book`,
 * `hospitality/reserve_table`, `telecom/internet_down`, `common/greeting`.
 */
export type PhraseKey =
  `${'banking' | 'retail' | 'appointments' | 'hospitality' | 'telecom' | 'common'}/${string}`;

export type Phrasebook = Readonly<Record<PhraseKey, readonly string[]>>;
