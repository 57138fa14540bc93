# Writes a JWKS of N public keys (RSA 2048/3072/4096 and EC P-256/P-384/P-521, repeated with
# their own kid), from python cryptography's numbers: `python3 bench/formats/jwks.py OUT N`.
import base64, json, sys
from cryptography.hazmat.primitives.asymmetric import rsa, ec
b64 = lambda n, size=None: base64.urlsafe_b64encode(n.to_bytes(size or (n.bit_length() + 7) // 8, 'big')).rstrip(b'=').decode()
out, count = sys.argv[1], int(sys.argv[2])
keys = []
for bits in (2048, 2048, 3072, 4096):
    p = rsa.generate_private_key(65537, bits).public_key().public_numbers()
    keys.append({'kty': 'RSA', 'n': b64(p.n), 'e': b64(p.e), 'alg': 'RS256'})
for curve, crv, size, alg in ((ec.SECP256R1(), 'P-256', 32, 'ES256'), (ec.SECP256R1(), 'P-256', 32, 'ES256'), (ec.SECP384R1(), 'P-384', 48, 'ES384'), (ec.SECP521R1(), 'P-521', 66, 'ES512')):
    p = ec.generate_private_key(curve).public_key().public_numbers()
    keys.append({'kty': 'EC', 'crv': crv, 'x': b64(p.x, size), 'y': b64(p.y, size), 'alg': alg})
jwks = {'keys': [dict(keys[i % len(keys)], kid=f'k{i:04d}', use='sig') for i in range(count)]}
open(out, 'w').write(json.dumps(jwks, indent=2) + '\n')
