export interface TestServer {
  url: string;
  admin: { user: string; pass: string };
  stop(): Promise<void>;
  pause(): Promise<void>;
  resume(): Promise<void>;
}
export declare function startTestServer(opts?: { port?: number; host?: string; admin?: { user: string; pass: string }; patch419?: boolean }): Promise<TestServer>;
export declare function createUser(srv: TestServer, name: string, password: string, roles?: string[]): Promise<void>;
