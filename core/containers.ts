/** Words for items' kinds and the containers they come out of, for sentences and badges. */
import type { Container, Item } from './types.js';

/** A noun for each kind of item, for sentences ("the same certificate appears 3 times"). */
export const KIND_NOUNS: Record<Item['kind'], string> = {
  certificate: 'certificate',
  'certificate-request': 'certificate request',
  crl: 'CRL',
  'public-key': 'public key',
  'private-key': 'private key',
  'secret-key': 'secret key',
  pkcs12: 'PKCS#12 container',
  parameters: 'set of key parameters',
};

export const CONTAINER_NAMES: Record<Container, string> = {
  pkcs7: 'PKCS#7',
  pkcs12: 'PKCS#12',
  jks: 'Java keystore (JKS)',
  jceks: 'Java keystore (JCEKS)',
  kubernetes: 'Kubernetes manifest',
  kubeconfig: 'kubeconfig',
  jwk: 'JWK',
  ppk: 'PuTTY key',
};

/** Two to four letters for a badge beside an item. */
export const CONTAINER_SHORT: Record<Container, string> = {
  pkcs7: 'P7',
  pkcs12: 'P12',
  jks: 'JKS',
  jceks: 'JCEKS',
  kubernetes: 'K8s',
  kubeconfig: 'KCFG',
  jwk: 'JWK',
  ppk: 'PPK',
};
