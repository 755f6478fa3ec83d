// Training sets written for the classifier's tests.
import type { TrainingSet } from '../../lambda/core/ports.ts';

/** A tiny two-language shop: order status, returns, payment. */
export const TINY_SHOP: TrainingSet = {
  languages: ['id', 'en'],
  defaultLanguage: 'id',
  intents: [
    {
      id: 'order_status',
      examples: {
        en: ['Where is my order?', 'Has my order shipped yet?', 'Track my package please'],
        id: [
          'Pesanan saya sudah sampai mana?',
          'Paket saya sudah dikirim belum?',
          'Minta nomor resi',
        ],
      },
    },
    {
      id: 'returns_refunds',
      examples: {
        en: ['How do I return an item?', 'I want a refund', 'The shirt arrived damaged'],
        id: [
          'Cara retur barang bagaimana?',
          'Saya mau refund',
          'Barangnya rusak, mau dikembalikan',
        ],
      },
    },
    {
      id: 'payment',
      examples: {
        en: ['Which payment methods do you accept?', 'Can I pay with a credit card?'],
        id: ['Bisa bayar pakai transfer bank?', 'Metode pembayarannya apa saja?'],
      },
    },
  ],
};

/**
 * A small dental clinic in two languages: no phrasebook domain (banking, retail) fits it, so only
 * its own examples and the common keys say what is in scope.
 */
export const TINY_CLINIC: TrainingSet = {
  languages: ['en', 'id'],
  defaultLanguage: 'id',
  intents: [
    {
      id: 'book_appointment',
      examples: {
        en: [
          'I would like to book a check-up',
          'Can I see the dentist on Friday?',
          'Is there a slot for a cleaning next week?',
          'I need to move my appointment',
        ],
        id: [
          'Mau booking jadwal periksa gigi',
          'Bisa ketemu dokter gigi hari Jumat?',
          'Ada jadwal scaling minggu depan?',
          'Saya mau ganti jadwal kontrol',
        ],
      },
    },
    {
      id: 'treatment_prices',
      examples: {
        en: [
          'How much is a filling?',
          'What does teeth whitening cost?',
          'Price of braces?',
          'Do you take dental insurance?',
        ],
        id: [
          'Tambal gigi berapa biayanya?',
          'Harga bleaching gigi berapa?',
          'Pasang behel berapa?',
          'Bisa pakai asuransi gigi?',
        ],
      },
    },
    {
      id: 'clinic_hours',
      examples: {
        en: [
          'When is the clinic open?',
          'Are you open on Sunday?',
          'Where is the clinic?',
          'Is there parking at the clinic?',
        ],
        id: [
          'Klinik buka jam berapa?',
          'Hari Minggu buka?',
          'Alamat kliniknya di mana?',
          'Ada parkir di klinik?',
        ],
      },
    },
  ],
};
