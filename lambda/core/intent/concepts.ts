// A small multilingual concept lexicon for customer-service talk: words that mean the same thing
// to a business ("declined", "rejected", "ditolak", "rechazada") share one concept feature, so a
// handful of examples per intent covers phrasings they do not literally contain. General domain
// knowledge, not tied to any profile: a concept only helps when the profile's examples use it too.
// Entries are folded (lowercase, no accents); a trailing * matches any ending.

// Words in one string per concept, space-separated; `a_b` is a two-word phrase (matched on adjacent
// tokens). Common misspellings sit beside the word they mean.
const SOURCE: Readonly<Record<string, string>> = {
  money:
    'money cash funds fund dinero plata efectivo dinheiro grana uang duit dana saldo_uang moneys',
  currency:
    'currency currencies exchange forex dollar* euro* pound* peso* yen rupiah rp usd eur gbp idr divisa* moneda* cambio cambiar cambi* moeda* kurs valas tukar foreign_currency exchange_rate conversion convert*',
  transfer:
    'transfer* trasfer* tranfer* send sending sent wire wired remit* remittance* move moving transferencia* transferir envia* enviar mandar mandei transferi* kirim* pindah* bi_fast rtgs swift incoming outgoing',
  account_number:
    'account_number routing routing_number iban swift bic sort_code norek nomor_rekening numero_de_cuenta numero_da_conta clabe',
  balance:
    'balance balances saldo saldos sisa remaining available how_much_money funds_available',
  transaction:
    'transaction* transacc* transac* statement* history mutasi riwayat movimiento* movimento* extrato extracto charge* charged cargo* cobro* cobran* tagihan debit* spent spend spending gasto* gastei purchases pending',
  pending:
    'pending processing stuck waiting hold on_hold menunggu tertahan pendiente* pendente* proceso processando',
  card: 'card cards crad carta tarjeta* cartao cartoes kartu visa mastercard amex debit credit kredit credito credit_card debit_card',
  lost: 'lost lose losing stolen steal theft thief robbed mugged missing misplaced gone hilang dicuri kecurian ilang kecopetan perdi* robad* roubad* extravi* furtad*',
  broken:
    'damaged damage broken broke rusak patah cracked scratched torn ripped stained defect* faulty roto rota quebrad* danificad* danad* bent peeling sobek cacat descosturad* manchad*',
  wrong:
    'wrong incorrect mistake mistaken different another_item salah keliru beda incorrect* equivocad* errad* errado',
  declined:
    'declined decline declining rejected reject refused denied failed failing fail fails ditolak gagal error rechaz* recusad* negad* fall* not_working doesnt_work dont_work wont_work stopped_working',
  block:
    'block blocked blokir diblokir freeze frozen froze locked lock unlock suspend* deactivat* terblokir bloque* congel* trava* travad*',
  pin: 'pin pins password passwords passcode otp code kode sandi contrasena senha verification verify verifica* key pwd contrasenha security securit* seguridad seguranca keamanan',
  identity:
    'identity identification id_card ktp ektp passport kyc selfie verify_identity identidad identidade documento* dokumen',
  phone:
    'phone phones mobile handphone smartphone cellphone cell device celular telemovel telefono* telefone* app application aplikasi aplicacion aplicativo',
  fraud:
    'fraud* scam* scammer* suspicious unauthori* unknown unrecognized unrecognised recognise recognize hack* hacked penipu* fraude* estafa golpe tipu not_mine didnt_make',
  refund:
    'refund* refnd reimburs* money_back chargeback dispute* reembols* devolu* kembali* pengembalian retur return* returning restitu* compensat* indemniz* ganti_rugi reversal reverse* reversed',
  exchange:
    'exchange exchanging swap replace* replacement* tukar ganti trocar troca* cambio cambiar substitu*',
  limit:
    'limit limits limite plafon batas increase raise higher naik* aumentar aumento maximum max',
  interest: 'interest rate rates apr apy bunga tasa taxa juros interes*',
  loan: 'loan loans mortgage* borrow* lend* pinjam* pinjaman kredit_tanpa prestamo* emprestimo* financ* installment* instalment* cicil* cuota* parcela*',
  fee: 'fee fees charge cost costs biaya comision* comissao tarifa* taxa* admin_fee price prices pricing harga cuanto quanto berapa how_much expensive cheap free gratis gratuito*',
  reward:
    'reward* points point poin miles cashback recompensa* pontos puntos redeem* tukar_poin loyalty',
  score: 'score scores rating report bi_checking slik historial credit_score credit_history',
  topup:
    'top topup topped top_up reload* recharge* isi_saldo recarga* recarregar ewallet wallet dompet gopay ovo dana_app add_money',
  atm: 'atm atms cash_machine cajero caixa withdraw* withdrawal* withdrew tarik penarikan retir* saque sacar dispense* dispensed',
  deposit:
    'deposit* setor* setoran deposito* cheque* checkbook* chequebook* paycheck salary payroll gaji nomina salario',
  account:
    'account accounts acount acounts acct rekening akun cuenta* conta* tabungan savings saving checking current_account profile membership member',
  open_close:
    'open opening close closing closed cancel* delete remove abrir cerrar encerrar fechar buka tutup hapus batal*',
  cancel:
    'cancel* cancle cancellation terminate termination batal* membatalkan pembatalan anular anulacion cancela* desistir stop',
  bill: 'bill bills billing utility utilities electricity electric water rent internet phone_bill tagihan listrik pln pdam bpjs factura* conta_de_luz boleto* recibo* due due_date minimum_payment',
  pay: 'pay paying paid payment* paymnet* bayar pembayaran pago pagar pagamento* pague* checkout settle* owe',
  payment_method:
    'qris virtual_account paypal cod cash_on_delivery gopay ovo shopeepay e_wallet ewallet transferencia_bancaria pix boleto tarjeta_de_credito',
  branch:
    'branch branches office offices store stores shop shops outlet* showroom boutique cabang kantor toko gerai sucursal* agencia* tienda* loja* physical',
  hours:
    'hours hour open opening opens time times schedule weekend weekends saturday sunday monday holiday* jam buka horario* hora* jadwal sabtu minggu libur sabado domingo feriado*',
  location:
    'where address location located near nearest nearby directions map dimana alamat lokasi donde direccion ubicacion onde endereco localizacao',
  contact:
    'contact call phone_number telephone email emailtoken hotline helpline call_centre call_center reach hubungi telepon kontak llamar contacto ligar contato whatsapp',
  human:
    'human person agent agents representative* rep operator* staff someone somebody people real_person live_agent advisor* adviser* banker* specialist* supervisor* manager manusia orang petugas agen cs persona humano asesor* atendente* pessoa operador*',
  greeting:
    'hi hello helo hey hiya howdy greetings halo hallo hai hola oi ola morning afternoon evening pagi siang sore malam buenos buenas bom boa dia tarde noche noite assalamualaikum',
  thanks:
    'thanks thank thankyou thanx thnx grateful appreciate* terima_kasih terima kasih gracias agradec* obrigad* valeu cheers thx ty',
  bye: 'bye goodbye farewell later see_you jumpa dadah adios chau tchau',
  order:
    'order orders ordered ordering oder purchase* bought buy buying pesanan pesan order_number pedido* compra* encomenda* checkout cart',
  package: 'package* pakage* parcel* shipment* paket kiriman paquete* pacote* box',
  shipping:
    'ship ships shipping shipped dispatch* delivery deliveries delivary deliver* courier* carrier* postage kurir ekspedisi ongkir kirim* pengiriman envio* entrega* frete transportadora* paqueteria* jne jnt sicepat gosend same_day',
  tracking:
    'track tracked tracking resi awb seguimiento rastreo rastreio rastrear status arrive* arrival sampai datang llega* chega* whereabouts tracking_number',
  delay:
    'late delay* overdue slow still_not not_arrived not_received havent terlambat telat lama belum atras* retras* demora*',
  size: 'size sizes sizing ukuran talla* tamanho* small medium large xs xl xxl fit fits fitting tight loose measurement* chart lingkar',
  stock:
    'stock stocks available availability restock* tersedia ready ada habis kosong sold_out soldout out_of_stock disponible* disponive* estoque agotado* esgotado* inventory',
  product:
    'dress dresses shirt shirts tshirt blouse jacket jackets pants trousers jeans shoe shoes sneakers boots sandals bag bags handbag skirt hat sock socks clothes clothing apparel outfit* garment* accessor* baju kaos kemeja celana sepatu tas rok jaket pakaian vestido* camisa* zapato* falda bolsa* sapato* tenis ropa roupa* calcado* prenda* item items product products produk producto* produto*',
  discount:
    'discount* promo* coupon* voucher* sale deal deals offer offers diskon potongan descuento* cupon* desconto* cupom* oferta* rebate',
  warranty: 'warranty guarantee garansi garantia',
  address:
    'address addresses adress alamat direccion endereco destination tujuan shipping_address delivery_address',
  change:
    'change changing changed edit modify update updating amend* switch ganti ubah rubah cambiar modificar alterar mudar trocar actualizar atualizar',
  invoice:
    'invoice invoices receipt receipts reciept recipt proof faktur kwitansi nota struk factura* recibo* nota_fiscal tax',
  login:
    'login logon log_in sign_in signin sign_up signup username credentials log sign password account_access masuk daftar register registration registrar* cadastr* iniciar sesion sessao',
  activate:
    'activat* enable* aktif* aktivasi activar* ativar* habilitar*',
  apply:
    'apply applying application request* pengajuan ajukan mengajukan solicit* tramit*',
  abroad:
    'abroad overseas international foreign travel travelling traveling trip luar_negeri extranjero exterior viaje* viagem',
  expire: 'expir* expiry renew* renewal kadaluarsa kedaluwarsa vencid* venc* caduc*',
  complaint:
    'complaint* complain* feedback review bad terrible awful disappointed unhappy poor kecewa komplain keluhan queja* reclam* sugerencia sugestao reclamacao reclamo* aduan',
  duration:
    'long how_long days weeks business_days working_days hari minggu dias semanas estimat* eta',
};

const LEXICON: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  Object.entries(SOURCE).map(([concept, words]) => [concept, words.split(/\s+/)]),
);

const EXACT = new Map<string, string[]>();
const PREFIXES: { prefix: string; concept: string }[] = [];
for (const [concept, words] of Object.entries(LEXICON)) {
  for (const w of words) {
    if (w.endsWith('*')) PREFIXES.push({ prefix: w.slice(0, -1), concept });
    else {
      const list = EXACT.get(w) ?? [];
      list.push(concept);
      EXACT.set(w, list);
    }
  }
}

/** Concepts of a two-word phrase of adjacent normalised tokens (exact entries with `_`). */
export function phraseConceptsOf(first: string, second: string): readonly string[] {
  return EXACT.get(`${first}_${second}`) ?? [];
}

/** Concepts of one normalised token (none for most tokens). */
export function conceptsOf(token: string): readonly string[] {
  const exact = EXACT.get(token) ?? [];
  const matched = PREFIXES.filter(
    (p) => token.length > p.prefix.length && token.startsWith(p.prefix),
  );
  return matched.length === 0 ? exact : [...exact, ...matched.map((p) => p.concept)];
}
