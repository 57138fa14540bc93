/** Words for the containers items come out of (the `container` field), for sentences and badges. */
import type { Container } from './types.js';

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
