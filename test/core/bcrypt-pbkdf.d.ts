// The package ships no types; this is the one function test/core/bcrypt.test.ts compares ours with.
declare module 'bcrypt-pbkdf' {
  export function pbkdf(
    pass: Uint8Array,
    passlen: number,
    salt: Uint8Array,
    saltlen: number,
    key: Uint8Array,
    keylen: number,
    rounds: number,
  ): number;
  const _default: { pbkdf: typeof pbkdf };
  export default _default;
}
