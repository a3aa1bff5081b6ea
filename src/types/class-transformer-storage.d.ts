// class-transformer keeps its metadata storage (needed to build JSON schemas) out of its root export.
declare module 'class-transformer/cjs/storage' {
  export * from 'class-transformer/types/storage';
}
