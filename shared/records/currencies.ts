/** ISO 4217 codes a record's money fields may be in. */
export const CURRENCIES = [
  'USD', 'EUR', 'GBP', 'JPY', 'CHF', 'CAD', 'AUD', 'NZD', 'CNY', 'HKD', 'SGD', 'INR', 'BRL', 'MXN', 'ARS', 'CLP', 'COP',
  'SEK', 'NOK', 'DKK', 'PLN', 'CZK', 'HUF', 'RON', 'TRY', 'ZAR', 'AED', 'SAR', 'ILS', 'KRW', 'TWD', 'THB', 'IDR', 'MYR', 'PHP',
] as const
