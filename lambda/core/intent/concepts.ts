// A small multilingual concept lexicon for customer-service talk: words that mean the same thing
// to a business ("declined", "rejected", "ditolak", "rechazada") share one concept feature, so a
// handful of examples per intent covers phrasings they do not literally contain. General domain
// knowledge, not tied to any profile: a concept only helps when the profile's examples use it too.
// Entries are folded (lowercase, no accents); a trailing * matches any ending.

const CORE: Readonly<Record<string, readonly string[]>> = {
  money: 'money cash funds fund dinero plata efectivo dinheiro grana uang duit dana'.split(' '),
  currency:
    'currency currencies exchange forex dollar* euro* pound* peso* yen rupiah rp usd eur idr divisa* moneda* cambio cambiar cambi* moeda* kurs valas tukar'.split(
      ' ',
    ),
  transfer:
    'transfer* send sending sent wire remit* move moving transferencia* transferir envia* enviar mandar mandei transferi* kirim* pindah*'.split(
      ' ',
    ),
  balance: 'balance balances saldo saldos sisa remaining available'.split(' '),
  transaction:
    'transaction* statement* history mutasi riwayat movimiento* movimento* extrato extracto charge* charged cargo* cobro* cobran* tagihan debit* spent spend spending gasto* gastei'.split(
      ' ',
    ),
  card: 'card cards tarjeta* cartao cartoes kartu visa mastercard amex atm debit credit kredit credito'.split(
    ' ',
  ),
  lost: 'lost lose stolen steal theft missing hilang dicuri kecurian ilang perdi* robad* roubad* extravi*'.split(
    ' ',
  ),
  broken:
    'damaged damage broken broke rusak patah cracked scratched roto rota quebrad* danificad* danad* bent peeling torn ripped sobek robek rasgad* rasgou crushed dented smashed penyok hancur aplastad* amassad*'.split(
      ' ',
    ),
  declined:
    'declined decline declining rejected reject refused denied failed failing fail ditolak gagal error rechaz* recusad* negad* fall* not_working'.split(
      ' ',
    ),
  block:
    'block blocked blokir diblokir freeze frozen locked lock unlock suspend* bloque* congel* trava* travad*'.split(
      ' ',
    ),
  pin: 'pin password passcode otp code kode sandi contrasena senha verification verify verifica* key pwd passcode contrasenha'.split(
    ' ',
  ),
  fraud:
    'fraud* scam* suspicious unauthori* unknown penipu* fraude* estafa golpe hack* unrecognized'.split(
      ' ',
    ),
  refund:
    'refund* reimburs* money_back chargeback dispute* reembols* devolu* kembali* pengembalian retur return* returning restitu* compensat* indemniz* ganti_rugi'.split(
      ' ',
    ),
  limit: 'limit limits limite plafon batas increase raise higher naik* aumentar aumento'.split(' '),
  interest: 'interest rate rates apr bunga tasa taxa juros interes*'.split(' '),
  fee: 'fee fees charge cost costs biaya comision* comissao tarifa* taxa* admin_fee price harga cuanto quanto berapa'.split(
    ' ',
  ),
  reward: 'reward* points point poin miles cashback recompensa* pontos puntos'.split(' '),
  score: 'score scores rating report bi_checking slik historial'.split(' '),
  topup:
    'top topup top_up reload recharge isi recarga* recarregar saldo_ewallet ewallet wallet dompet gopay ovo dana_app'.split(
      ' ',
    ),
  atm: 'atm atms cash_machine cajero caixa withdraw* withdrawal tarik penarikan retir* saque sacar'.split(
    ' ',
  ),
  account: 'account accounts rekening akun cuenta* conta* tabungan savings checking'.split(' '),
  cancel:
    'cancel* cancellation terminate termination batal* membatalkan pembatalan anular anulacion cancela* desistir'.split(
      ' ',
    ),
  open_close:
    'open opening close closing cancel* delete remove abrir cerrar encerrar fechar buka tutup hapus batal*'.split(
      ' ',
    ),
  bill: 'bill bills billing utility utilities electricity electric water rent tagihan listrik pln pdam factura* conta_de_luz boleto* recibo*'.split(
    ' ',
  ),
  pay: 'pay paying paid payment* bayar pembayaran pago pagar pagamento* pague*'.split(' '),
  branch:
    'branch branches office offices store stores shop cabang kantor toko sucursal* agencia* tienda* loja*'.split(
      ' ',
    ),
  hours: 'hours hour open opening time times schedule jam buka horario* hora* jadwal'.split(' '),
  location:
    'where address location located near nearest dimana alamat lokasi donde direccion onde endereco'.split(
      ' ',
    ),
  human:
    'human person agent representative operator staff someone people manusia orang petugas agen cs persona humano asesor* atendente pessoa operador*'.split(
      ' ',
    ),
  greeting:
    'hi hello hey halo hallo hai hola oi ola morning afternoon evening pagi siang sore malam buenos buenas bom boa dia tarde noche noite'.split(
      ' ',
    ),
  thanks:
    'thanks thank thankyou grateful appreciate terima kasih gracias obrigado valeu cheers thx ty appreciated'.split(
      ' ',
    ),
  bye: 'bye goodbye farewell later jumpa dadah adios chau tchau logo'.split(' '),
  order:
    'order orders ordered purchase* bought buy pesanan pesan order_number pedido* compra* encomenda*'.split(
      ' ',
    ),
  shipping:
    'ship shipping shipped delivery deliver* courier kurir ekspedisi ongkir kirim* pengiriman envio* entrega* frete transportadora paqueteria jne jnt sicepat gosend'.split(
      ' ',
    ),
  tracking:
    'track tracking resi awb seguimiento rastreio rastrear status arrive arrived arrival sampai datang llega* chega*'.split(
      ' ',
    ),
  size: 'size sizes sizing ukuran talla* tamanho* small medium large xl fit fits'.split(' '),
  stock:
    'stock available availability restock tersedia ready ada disponible* disponive* estoque inventory'.split(
      ' ',
    ),
  product:
    'dress shirt shirts tshirt jacket pants jeans shoes sneakers bag bags skirt hat sock socks baju kaos celana sepatu tas rok jaket vestido camisa zapatos falda bolsa sapato tenis'.split(
      ' ',
    ),
  address: 'address alamat direccion endereco destination tujuan'.split(' '),
  change:
    'change changing edit modify update updating ganti ubah rubah cambiar modificar alterar mudar trocar'.split(
      ' ',
    ),
  invoice: 'invoice receipt faktur kwitansi nota struk factura recibo nota_fiscal tax'.split(' '),
  login:
    'login log sign signin password account_access masuk daftar register registration registrar* cadastr* iniciar sesion'.split(
      ' ',
    ),
  complaint:
    'complaint complain feedback review bad terrible disappointed kecewa komplain keluhan queja* reclam* sugerencia sugestao reclamation* reclamacao reclamo* claim* aduan'.split(
      ' ',
    ),
};

// What the broad reading adds to each core concept (the core's own words are not repeated here), in one
// string per concept, space-separated; `a_b` is a two-word phrase (matched on adjacent tokens). Common
// misspellings sit beside the word they mean.
const EXTENDED: Readonly<Record<string, string>> = {
  money: 'saldo_uang moneys',
  currency: 'gbp foreign_currency exchange_rate conversion convert*',
  transfer: 'trasfer* tranfer* wired remittance* bi_fast rtgs swift incoming outgoing',
  account_number:
    'account_number routing routing_number iban swift bic sort_code norek nomor_rekening numero_de_cuenta numero_da_conta clabe',
  balance: 'how_much_money funds_available',
  transaction: 'transacc* transac* purchases pending',
  pending:
    'pending processing stuck waiting hold on_hold menunggu tertahan pendiente* pendente* proceso processando',
  card: 'crad carta credit_card debit_card',
  lost: 'losing thief robbed mugged misplaced gone kecopetan furtad*',
  broken: 'stained defect* faulty cacat descosturad* manchad*',
  wrong:
    'wrong incorrect mistake mistaken different another_item salah keliru beda incorrect* equivocad* errad* errado',
  declined: 'fails doesnt_work dont_work wont_work stopped_working',
  block: 'froze deactivat* terblokir',
  pin: 'pins passwords security securit* seguridad seguranca keamanan',
  identity:
    'identity identification id_card ktp ektp passport kyc selfie verify_identity identidad identidade documento* dokumen',
  phone:
    'phone phones mobile handphone smartphone cellphone cell device celular telemovel telefono* telefone* app application aplikasi aplicacion aplicativo',
  fraud: 'scammer* unrecognised recognise recognize hacked tipu not_mine didnt_make',
  refund: 'refnd reversal reverse* reversed',
  exchange:
    'exchange exchanging swap replace* replacement* tukar ganti trocar troca* cambio cambiar substitu*',
  limit: 'maximum max',
  interest: 'apy',
  loan: 'loan loans mortgage* borrow* lend* pinjam* pinjaman kredit_tanpa prestamo* emprestimo* financ* installment* instalment* cicil* cuota* parcela*',
  fee: 'prices pricing how_much expensive cheap free gratis gratuito*',
  reward: 'redeem* tukar_poin loyalty',
  score: 'credit_score credit_history',
  topup: 'topped reload* recharge* isi_saldo add_money',
  atm: 'withdrawal* withdrew dispense* dispensed',
  deposit:
    'deposit* setor* setoran deposito* cheque* checkbook* chequebook* paycheck salary payroll gaji nomina salario',
  account: 'acount acounts acct saving current_account profile membership member',
  open_close: 'closed',
  cancel: 'cancle stop',
  bill: 'internet phone_bill bpjs due due_date minimum_payment',
  pay: 'paymnet* checkout settle* owe',
  payment_method:
    'qris virtual_account paypal cod cash_on_delivery gopay ovo shopeepay e_wallet ewallet transferencia_bancaria pix boleto tarjeta_de_credito',
  branch: 'shops outlet* showroom boutique gerai physical',
  hours:
    'opens weekend weekends saturday sunday monday holiday* sabtu minggu libur sabado domingo feriado*',
  location: 'nearby directions map ubicacion localizacao',
  contact:
    'contact call phone_number telephone email emailtoken hotline helpline call_centre call_center reach hubungi telepon kontak llamar contacto ligar contato whatsapp',
  human:
    'agents representative* rep operator* somebody real_person live_agent advisor* adviser* banker* specialist* supervisor* manager atendente*',
  greeting: 'helo hiya howdy greetings assalamualaikum',
  thanks: 'thanx thnx appreciate* terima_kasih agradec* obrigad*',
  bye: 'see_you',
  order: 'ordering oder buying checkout cart',
  package: 'package* pakage* parcel* shipment* paket kiriman paquete* pacote* box',
  shipping:
    'ships dispatch* deliveries delivary courier* carrier* postage transportadora* paqueteria* same_day',
  tracking: 'tracked rastreo arrive* whereabouts tracking_number',
  delay:
    'late delay* overdue slow still_not not_arrived not_received havent terlambat telat lama belum atras* retras* demora*',
  size: 'xs xxl fitting tight loose measurement* chart lingkar',
  stock: 'stocks restock* habis kosong sold_out soldout out_of_stock agotado* esgotado*',
  product:
    'dresses blouse jackets trousers shoe boots sandals handbag clothes clothing apparel outfit* garment* accessor* kemeja pakaian vestido* camisa* zapato* bolsa* sapato* ropa roupa* calcado* prenda* item items product products produk producto* produto*',
  discount:
    'discount* promo* coupon* voucher* sale deal deals offer offers diskon potongan descuento* cupon* desconto* cupom* oferta* rebate',
  warranty: 'warranty guarantee garansi garantia',
  address: 'addresses adress shipping_address delivery_address',
  change: 'changed amend* switch actualizar atualizar',
  invoice: 'invoices receipts reciept recipt proof factura* recibo*',
  login: 'logon log_in sign_in sign_up signup username credentials sessao',
  activate: 'activat* enable* aktif* aktivasi activar* ativar* habilitar*',
  apply: 'apply applying application request* pengajuan ajukan mengajukan solicit* tramit*',
  abroad:
    'abroad overseas international foreign travel travelling traveling trip luar_negeri extranjero exterior viaje* viagem',
  expire: 'expir* expiry renew* renewal kadaluarsa kedaluwarsa vencid* venc* caduc*',
  complaint: 'complaint* complain* awful unhappy poor',
  duration:
    'long how_long days weeks business_days working_days hari minggu dias semanas estimat* eta',
};

type Lexicon = Readonly<Record<string, readonly string[]>>;

const split = (source: Readonly<Record<string, string>>): Lexicon =>
  Object.fromEntries(
    Object.entries(source).map(([concept, words]) => [concept, words.split(/\s+/)]),
  );

interface Lookup {
  readonly exact: Map<string, string[]>;
  /** Prefix entries by their first two letters: a token is checked against its bucket only. */
  readonly buckets: Map<string, { prefix: string; concept: string }[]>;
  /** First words of the two-word entries: most token pairs need no lookup. */
  readonly phraseStarts: Set<string>;
  /** Tokens already looked up (bounded): classify sees the same words again and again. */
  readonly memo: Map<string, readonly string[]>;
}

const MEMO_LIMIT = 20_000;

function lookup(lexicons: readonly Lexicon[]): Lookup {
  const exact = new Map<string, string[]>();
  const prefixes: { prefix: string; concept: string }[] = [];
  for (const lexicon of lexicons) {
    for (const [concept, words] of Object.entries(lexicon)) {
      for (const w of words) {
        if (w.endsWith('*')) {
          const prefix = w.slice(0, -1);
          if (!prefixes.some((p) => p.prefix === prefix && p.concept === concept))
            prefixes.push({ prefix, concept });
        } else {
          const list = exact.get(w) ?? [];
          if (list.length === 0) exact.set(w, list);
          if (!list.includes(concept)) list.push(concept);
        }
      }
    }
  }
  const buckets = new Map<string, { prefix: string; concept: string }[]>();
  for (const p of prefixes) {
    const key = p.prefix.slice(0, 2);
    const list = buckets.get(key) ?? [];
    if (list.length === 0) buckets.set(key, list);
    list.push(p);
  }
  const phraseStarts = new Set(
    [...exact.keys()].flatMap((w) => (w.includes('_') ? [w.split('_')[0] as string] : [])),
  );
  return { exact, buckets, phraseStarts, memo: new Map() };
}

/**
 * Two readings: `precise` (the core lexicon: words that rarely appear outside customer service) and
 * `broad` (core plus the extended lexicon, whose wider words such as "open", "call" or "item" also
 * occur in general chat). The scope model reads the precise concepts, the intent model the broad ones.
 */
const PRECISE = lookup([CORE]);
const BROAD = lookup([CORE, split(EXTENDED)]);

function conceptsIn(table: Lookup, token: string): readonly string[] {
  const known = table.memo.get(token);
  if (known !== undefined) return known;
  const found = lookupToken(table, token);
  if (table.memo.size < MEMO_LIMIT) table.memo.set(token, found);
  return found;
}

function lookupToken(table: Lookup, token: string): readonly string[] {
  const exact = table.exact.get(token) ?? [];
  let out: string[] | undefined;
  for (const p of table.buckets.get(token.slice(0, 2)) ?? []) {
    if (
      token.length >= p.prefix.length &&
      token.startsWith(p.prefix) &&
      !exact.includes(p.concept)
    ) {
      out ??= [...exact];
      if (!out.includes(p.concept)) out.push(p.concept);
    }
  }
  return out ?? exact;
}

/** Concepts of one normalised token (none for most tokens). */
export function conceptsOf(token: string, broad = false): readonly string[] {
  return conceptsIn(broad ? BROAD : PRECISE, token);
}

/** Concepts of a two-word phrase of adjacent normalised tokens (entries written `a_b`). */
export function phraseConceptsOf(first: string, second: string, broad = false): readonly string[] {
  const table = broad ? BROAD : PRECISE;
  if (!table.phraseStarts.has(first)) return [];
  return table.exact.get(`${first}_${second}`) ?? [];
}
