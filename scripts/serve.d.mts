// Types for scripts/serve.mjs, for tests that import it.
export declare const CONTENT_SECURITY_POLICY: string;
export declare const DEFAULT_PORT: number;
export declare function contentType(file: string): string;
export declare function resolveRequestPath(root: string, urlPath: string): string | undefined;
export declare function portFromEnv(env?: Record<string, string | undefined>): number;
export interface StaticServer {
  /** e.g. `http://127.0.0.1:5178/` (with the trailing slash). */
  url: string;
  port: number;
  close(): Promise<void>;
}
export declare function startServer(options: { root: string; port?: number; host?: string }): Promise<StaticServer>;
