// A small multilingual concept lexicon for customer-service talk: words that mean the same thing
// to a business ("declined", "rejected", "ditolak", "rechazada") share one concept feature, so a
// handful of examples per intent covers phrasings they do not literally contain. General domain
// knowledge, not tied to any profile: a concept only helps when the profile's examples use it too.
// Entries are folded (lowercase, no accents); a trailing * matches any ending.

const LEXICON: Readonly<Record<string, readonly string[]>> = {
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
    'damaged damage broken broke rusak patah cracked scratched roto rota quebrad* danificad* danad* bent peeling'.split(
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

/** Concepts of one normalised token (none for most tokens). */
export function conceptsOf(token: string): readonly string[] {
  const exact = EXACT.get(token) ?? [];
  const matched = PREFIXES.filter(
    (p) => token.length > p.prefix.length && token.startsWith(p.prefix),
  );
  return matched.length === 0 ? exact : [...exact, ...matched.map((p) => p.concept)];
}
