/**
 * The walkthrough's cryptographic parts against published vectors:
 * - the TLS 1.3 key schedule, Finished MACs, message encodings, the server's CertificateVerify
 *   and AES-128-GCM record protection against RFC 8448 §3 (Simple 1-RTT Handshake);
 * - X25519 against RFC 7748 §6.1 and P-256 ECDH against RFC 5903 §8.1.
 * Inputs are the RFC's messages and keys; every output is computed here and compared.
 */
import { describe, expect, it } from 'vitest';
import { concatBytes, fromHex, toHex } from '../../core/bytes.js';
import { parseFile } from '../../core/parse.js';
import type { CertificateItem } from '../../core/types.js';
import { applicationSecrets, finishedVerifyData, handshakeSecrets, sha256, trafficKeys } from '../../core/tls/hkdf.js';
import { importShare, sharedSecret } from '../../core/tls/kex.js';
import { certificate, certificateVerify, certificateVerifyContent, finished, serverHello } from '../../core/tls/messages.js';
import { CONTENT, openRecord, sealRecord } from '../../core/tls/record.js';
import { verifyWith } from '../../core/tls/sign.js';

const h = fromHex;
const hex = (b: Uint8Array) => toHex(b);

// RFC 8448 §3: the handshake messages as the trace gives them.
const RFC8448 = {
  clientHello:
    '010000c00303cb34ecb1e78163ba1c38c6dacb196a6dffa21a8d9912ec18a2ef6283024dece7000006130113031302010000910000000b0009000006736572766572ff01000100000a00140012001d0017001800190100010101020103010400230000003300260024001d002099381de560e4bd43d23d8e435a7dbafeb3c06e51c13cae4d5413691e529aaf2c002b0003020304000d0020001e040305030603020308040805080604010501060102010402050206020202002d00020101001c00024001',
  serverHello:
    '020000560303a6af06a4121860dc5e6e60249cd34c95930c8ac5cb1434dac155772ed3e2692800130100002e00330024001d0020c9828876112095fe66762bdbf7c672e156d6cc253b833df1dd69b1b04e751f0f002b00020304',
  encryptedExtensions: '080000240022000a00140012001d00170018001901000101010201030104001c0002400100000000',
  certificate:
    '0b0001b9000001b50001b0308201ac30820115a003020102020102300d06092a864886f70d01010b0500300e310c300a06035504031303727361301e170d3136303733303031323335395a170d3236303733303031323335395a300e310c300a0603550403130372736130819f300d06092a864886f70d010101050003818d0030818902818100b4bb498f8279303d980836399b36c6988c0c68de55e1bdb826d3901a2461eafd2de49a91d015abbc9a95137ace6c1af19eaa6af98c7ced43120998e187a80ee0ccb0524b1b018c3e0b63264d449a6d38e22a5fda430846748030530ef0461c8ca9d9efbfae8ea6d1d03e2bd193eff0ab9a8002c47428a6d35a8d88d79f7f1e3f0203010001a31a301830090603551d1304023000300b0603551d0f0404030205a0300d06092a864886f70d01010b05000381810085aad2a0e5b9276b908c65f73a7267170618a54c5f8a7b337d2df7a594365417f2eae8f8a58c8f8172f9319cf36b7fd6c55b80f21a03015156726096fd335e5e67f2dbf102702e608ccae6bec1fc63a42a99be5c3eb7107c3c54e9b9eb2bd5203b1c3b84e0a8b2f759409ba3eac9d91d402dcc0cc8f8961229ac9187b42b4de10000',
  certificateVerify:
    '0f000084080400805a747c5d88fa9bd2e55ab085a61015b7211f824cd484145ab3ff52f1fda8477b0b7abc90db78e2d33a5c141a078653fa6bef780c5ea248eeaaa785c4f394cab6d30bbe8d4859ee511f602957b15411ac027671459e46445c9ea58c181e818e95b8c3fb0bf3278409d3be152a3da5043e063dda65cdf5aea20d53dfacd42f74f3',
  serverFinished: '140000209b9b141d906337fbd2cbdce71df4deda4ab42c309572cb7fffee5454b78f0718',
  clientFinished: '14000020a8ec436d677634ae525ac1fcebe11a039ec17694fac6e98527b642f2edd5ce61',
  clientPrivate: '49af42ba7f7994852d713ef2784bcbcaa7911de26adc5642cb634540e7ea5005',
  clientPublic: '99381de560e4bd43d23d8e435a7dbafeb3c06e51c13cae4d5413691e529aaf2c',
  serverPrivate: 'b1580eeadf6dd589b8ef4f2d5652578cc810e9980191ec8d058308cea216a21e',
  serverPublic: 'c9828876112095fe66762bdbf7c672e156d6cc253b833df1dd69b1b04e751f0f',
  /** {client} send handshake record: the client Finished under the client handshake keys, "complete record". */
  clientFinishedRecord: '170303003575ec4dc238cce60b298044a71e219c56cc77b0517fe9b93c7a4bfc44d87f38f80338ac98fc46deb384bd1caeacab6867d726c40546',
};

const transcript = (...names: (keyof typeof RFC8448)[]) => sha256(concatBytes(...names.map((n) => h(RFC8448[n]))));

describe('RFC 8448 §3 simple 1-RTT handshake', () => {
  it('X25519 gives the trace’s shared secret, computed from either side', async () => {
    const client = await importShare('X25519', h(RFC8448.clientPrivate), h(RFC8448.clientPublic));
    const server = await importShare('X25519', h(RFC8448.serverPrivate), h(RFC8448.serverPublic));
    const want = '8bd4054fb55b9d63fdfbacf9f04b9f0d35e6d63f537563efd46272900f89492d';
    expect(hex(await sharedSecret(client, h(RFC8448.serverPublic)))).toBe(want);
    expect(hex(await sharedSecret(server, h(RFC8448.clientPublic)))).toBe(want);
  });

  it('the key schedule: early, handshake and master secrets, traffic secrets, keys and IVs', async () => {
    const shared = h('8bd4054fb55b9d63fdfbacf9f04b9f0d35e6d63f537563efd46272900f89492d');
    const helloHash = await transcript('clientHello', 'serverHello');
    const s = await handshakeSecrets(shared, helloHash);
    expect(hex(s.early)).toBe('33ad0a1c607ec03b09e6cd9893680ce210adf300aa1f2660e1b22e10f170f92a');
    expect(hex(s.derivedEarly)).toBe('6f2615a108c702c5678f54fc9dbab69716c076189c48250cebeac3576c3611ba');
    expect(hex(s.handshake)).toBe('1dc826e93606aa6fdc0aadc12f741b01046aa6b99f691ed221a9f0ca043fbeac');
    expect(hex(s.clientHandshakeTraffic)).toBe('b3eddb126e067f35a780b3abf45e2d8f3b1a950738f52e9600746a0e27a55a21');
    expect(hex(s.serverHandshakeTraffic)).toBe('b67b7d690cc16c4e75e54213cb2d37b4e9c912bcded9105d42befd59d391ad38');
    expect(hex(s.derivedHandshake)).toBe('43de77e0c77713859a944db9db2590b53190a65b3ee2e4f12dd7a0bb7ce254b4');
    expect(hex(s.master)).toBe('18df06843d13a08bf2a449844c5f8a478001bc4d4c627984d5a41da8d0402919');

    const sHs = await trafficKeys(s.serverHandshakeTraffic);
    expect([hex(sHs.key), hex(sHs.iv)]).toEqual(['3fce516009c21727d0f2e4e86ee403bc', '5d313eb2671276ee13000b30']);
    const cHs = await trafficKeys(s.clientHandshakeTraffic);
    expect([hex(cHs.key), hex(cHs.iv)]).toEqual(['dbfaa693d1762c5b666af5d950258d01', '5bd3c71b836e0b76bb73265f']);

    const beforeServerFinished = await transcript('clientHello', 'serverHello', 'encryptedExtensions', 'certificate', 'certificateVerify');
    expect(hex(await finishedVerifyData(s.serverHandshakeTraffic, beforeServerFinished))).toBe('9b9b141d906337fbd2cbdce71df4deda4ab42c309572cb7fffee5454b78f0718');

    const throughServerFinished = await transcript('clientHello', 'serverHello', 'encryptedExtensions', 'certificate', 'certificateVerify', 'serverFinished');
    expect(hex(await finishedVerifyData(s.clientHandshakeTraffic, throughServerFinished))).toBe('a8ec436d677634ae525ac1fcebe11a039ec17694fac6e98527b642f2edd5ce61');

    const app = await applicationSecrets(s.master, throughServerFinished);
    expect(hex(app.client)).toBe('9e40646ce79a7f9dc05af8889bce6552875afa0b06df0087f792ebb7c17504a5');
    expect(hex(app.server)).toBe('a11af9f05531f856ad47116b45a950328204b4f44bfb6b3a4b4f1f3fcb631643');
    const sAp = await trafficKeys(app.server);
    expect([hex(sAp.key), hex(sAp.iv)]).toEqual(['9f02283b6c9c07efc26bb9f2ac92e356', 'cf782b88dd83549aadf1e984']);
    const cAp = await trafficKeys(app.client);
    expect([hex(cAp.key), hex(cAp.iv)]).toEqual(['17422dda596ed5d9acd890e3c63f5051', '5b78923dee08579033e523d9']);
  });

  it('AES-128-GCM record protection reproduces the client Finished record, and opens it', async () => {
    const keys = { key: h('dbfaa693d1762c5b666af5d950258d01'), iv: h('5bd3c71b836e0b76bb73265f') };
    const record = await sealRecord(keys, 0, CONTENT.handshake, h(RFC8448.clientFinished));
    expect(hex(record)).toBe(RFC8448.clientFinishedRecord);
    const opened = await openRecord(keys, 0, h(RFC8448.clientFinishedRecord));
    expect(opened && { type: opened.type, content: hex(opened.content) }).toEqual({ type: CONTENT.handshake, content: RFC8448.clientFinished });
  });

  it('a record does not open with another sequence number, key or a flipped bit', async () => {
    const keys = { key: h('dbfaa693d1762c5b666af5d950258d01'), iv: h('5bd3c71b836e0b76bb73265f') };
    const record = h(RFC8448.clientFinishedRecord);
    expect(await openRecord(keys, 1, record)).toBeUndefined();
    expect(await openRecord({ ...keys, key: h('3fce516009c21727d0f2e4e86ee403bc') }, 0, record)).toBeUndefined();
    const flipped = record.slice();
    flipped[20]! ^= 1;
    expect(await openRecord(keys, 0, flipped)).toBeUndefined();
  });

  it('writes ServerHello, Certificate, CertificateVerify and Finished byte for byte as the trace', async () => {
    const sh = h(RFC8448.serverHello);
    const random = sh.subarray(6, 38);
    expect(hex(serverHello(random, new Uint8Array(0), 0x1301, { group: 0x001d, key: h(RFC8448.serverPublic) }))).toBe(RFC8448.serverHello);
    const certDer = h(RFC8448.certificate).subarray(11, 11 + 0x1b0);
    expect(hex(certificate([certDer]))).toBe(RFC8448.certificate);
    const cv = h(RFC8448.certificateVerify);
    expect(hex(certificateVerify(0x0804, cv.subarray(8)))).toBe(RFC8448.certificateVerify);
    expect(hex(finished(h(RFC8448.serverFinished).subarray(4)))).toBe(RFC8448.serverFinished);
  });

  it('the server’s rsa_pss_rsae_sha256 CertificateVerify verifies with the certificate’s key, and not for the client side', async () => {
    const certDer = h(RFC8448.certificate).subarray(11, 11 + 0x1b0);
    const parsed = await parseFile({ name: 'rfc8448.der', bytes: certDer });
    const cert = parsed.items[0] as CertificateItem;
    expect(cert.kind).toBe('certificate');
    const signature = h(RFC8448.certificateVerify).subarray(8);
    const hash = await transcript('clientHello', 'serverHello', 'encryptedExtensions', 'certificate');
    expect(await verifyWith(cert.publicKey, 'rsa_pss_rsae_sha256', certificateVerifyContent('server', hash), signature)).toEqual({ ok: true });
    const asClient = await verifyWith(cert.publicKey, 'rsa_pss_rsae_sha256', certificateVerifyContent('client', hash), signature);
    expect(asClient.ok).toBe(false);
    const otherHash = await transcript('clientHello', 'serverHello');
    expect((await verifyWith(cert.publicKey, 'rsa_pss_rsae_sha256', certificateVerifyContent('server', otherHash), signature)).ok).toBe(false);
  });
});

describe('key agreement vectors', () => {
  it('X25519: RFC 7748 §6.1', async () => {
    const alice = { priv: '77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a', pub: '8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a' };
    const bob = { priv: '5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb', pub: 'de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f' };
    const k = '4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742';
    const a = await importShare('X25519', h(alice.priv), h(alice.pub));
    const b = await importShare('X25519', h(bob.priv), h(bob.pub));
    expect(hex(await sharedSecret(a, h(bob.pub)))).toBe(k);
    expect(hex(await sharedSecret(b, h(alice.pub)))).toBe(k);
  });

  it('P-256 ECDH: RFC 5903 §8.1 (the shared secret is the x-coordinate)', async () => {
    const i = 'c88f01f510d9ac3f70a292daa2316de544e9aab8afe84049c62a9c57862d1433';
    const gi = '04' + 'dad0b65394221cf9b051e1feca5787d098dfe637fc90b9ef945d0c3772581180' + '5271a0461cdb8252d61f1c456fa3e59ab1f45b33accf5f58389e0577b8990bb3';
    const r = 'c6ef9c5d78ae012a011164acb397ce2088685d8f06bf9be0b283ab46476bee53';
    const gr = '04' + 'd12dfb5289c8d4f81208b70270398c342296970a0bccb74c736fc7554494bf63' + '56fbf3ca366cc23e8157854c13c58d6aac23f046ada30f8353e74f33039872ab';
    const girx = 'd6840f6b42f6edafd13116e0e12565202fef8e9ece7dce03812464d04b9442de';
    const initiator = await importShare('P-256', h(i), h(gi));
    const responder = await importShare('P-256', h(r), h(gr));
    expect(hex(await sharedSecret(initiator, h(gr)))).toBe(girx);
    expect(hex(await sharedSecret(responder, h(gi)))).toBe(girx);
  });

  it('a point not on the curve is refused, not turned into a secret', async () => {
    const initiator = await importShare('P-256', h('c88f01f510d9ac3f70a292daa2316de544e9aab8afe84049c62a9c57862d1433'), h('04' + 'dad0b65394221cf9b051e1feca5787d098dfe637fc90b9ef945d0c3772581180' + '5271a0461cdb8252d61f1c456fa3e59ab1f45b33accf5f58389e0577b8990bb3'));
    const bad = h('04' + '11'.repeat(64));
    await expect(sharedSecret(initiator, bad)).rejects.toThrow();
  });
});
