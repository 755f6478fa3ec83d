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
