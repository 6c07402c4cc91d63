export declare const SCHEMA_VERSIONS: number[];
export declare const VALIDATE_DOC_UPDATE: string;
export declare const DESIGN_ID: string;
export declare function designDoc(): { _id: string; language: string; validate_doc_update: string; liaison: { schemaVersions: number[] } };
export declare function securityObject(o?: { memberNames?: string[]; memberRoles?: string[]; adminNames?: string[]; adminRoles?: string[] }): {
  admins: { names: string[]; roles: string[] };
  members: { names: string[]; roles: string[] };
};
export declare function setupWorkspace(o: {
  url: string;
  db: string;
  admin: string;
  password: string;
  members?: string[];
  memberRoles?: string[];
  admins?: string[];
  adminRoles?: string[];
  log?: (line: string) => void;
}): Promise<string[]>;
export declare class SetupError extends Error {}
