/**
 * The directive table: every directive the grammar knows, with how its arguments are read.
 * Names are matched case-insensitively, as ModSecurity does; this table gives the canonical
 * spelling. Adding a directive is one line here (and, for a new kind, a case in parser.ts).
 */
export type DirectiveSpec =
  | { readonly kind: 'SecRule' | 'SecAction' | 'SecMarker' | 'SecDefaultAction' }
  | { readonly kind: 'SecRuleRemoveById' | 'SecRuleRemoveByTag' | 'SecRuleRemoveByMsg' }
  | { readonly kind: 'SecRuleUpdateTargetById' | 'SecRuleUpdateTargetByTag' | 'SecRuleUpdateTargetByMsg' }
  | { readonly kind: 'SecRuleUpdateActionById' }
  | { readonly kind: 'Include'; readonly optional: boolean }
  | SettingSpec;

export interface SettingSpec {
  readonly kind: 'Setting';
  readonly min: number;
  readonly max: number;
  /** Allowed values of the first argument (case-insensitive), when it is an enumeration. */
  readonly values?: readonly string[];
  /** The first argument must be a non-negative integer. */
  readonly integer?: boolean;
}

const onOff = ['On', 'Off'] as const;
const one = (extra: Partial<SettingSpec> = {}): SettingSpec => ({ kind: 'Setting', min: 1, max: 1, ...extra });
const int = one({ integer: true });
const flag = one({ values: onOff });
const path = one();

export const DIRECTIVES: Readonly<Record<string, DirectiveSpec>> = {
  SecRule: { kind: 'SecRule' },
  SecAction: { kind: 'SecAction' },
  SecMarker: { kind: 'SecMarker' },
  SecDefaultAction: { kind: 'SecDefaultAction' },
  SecRuleRemoveById: { kind: 'SecRuleRemoveById' },
  SecRuleRemoveByTag: { kind: 'SecRuleRemoveByTag' },
  SecRuleRemoveByMsg: { kind: 'SecRuleRemoveByMsg' },
  SecRuleUpdateTargetById: { kind: 'SecRuleUpdateTargetById' },
  SecRuleUpdateTargetByTag: { kind: 'SecRuleUpdateTargetByTag' },
  SecRuleUpdateTargetByMsg: { kind: 'SecRuleUpdateTargetByMsg' },
  SecRuleUpdateActionById: { kind: 'SecRuleUpdateActionById' },
  Include: { kind: 'Include', optional: false },
  IncludeOptional: { kind: 'Include', optional: true },

  SecRuleEngine: one({ values: ['On', 'Off', 'DetectionOnly'] }),
  SecRequestBodyAccess: flag,
  SecResponseBodyAccess: flag,
  SecRequestBodyLimit: int,
  SecRequestBodyNoFilesLimit: int,
  SecRequestBodyInMemoryLimit: int,
  SecRequestBodyLimitAction: one({ values: ['Reject', 'ProcessPartial'] }),
  SecRequestBodyJsonDepthLimit: int,
  SecArgumentsLimit: int,
  SecResponseBodyLimit: int,
  SecResponseBodyLimitAction: one({ values: ['Reject', 'ProcessPartial'] }),
  SecResponseBodyMimeType: { kind: 'Setting', min: 1, max: Infinity },
  SecResponseBodyMimeTypesClear: { kind: 'Setting', min: 0, max: 0 },
  SecComponentSignature: path,
  SecCollectionTimeout: int,
  SecArgumentSeparator: path,
  SecCookieFormat: one({ values: ['0', '1'] }),
  SecCookieV0Separator: path,
  SecAuditEngine: one({ values: ['On', 'Off', 'RelevantOnly'] }),
  SecAuditLog: path,
  SecAuditLog2: path,
  SecAuditLogParts: path,
  SecAuditLogRelevantStatus: path,
  SecAuditLogType: one({ values: ['Serial', 'Concurrent', 'HTTPS'] }),
  SecAuditLogFormat: one({ values: ['JSON', 'Native'] }),
  SecAuditLogStorageDir: path,
  SecAuditLogDirMode: path,
  SecAuditLogFileMode: path,
  SecDebugLog: path,
  SecDebugLogLevel: int,
  SecDataDir: path,
  SecTmpDir: path,
  SecUploadDir: path,
  SecUploadKeepFiles: one({ values: ['On', 'Off', 'RelevantOnly'] }),
  SecUploadFileMode: path,
  SecUploadFileLimit: int,
  SecTmpSaveUploadedFiles: flag,
  SecWebAppId: path,
  SecServerSignature: path,
  SecUnicodeMapFile: { kind: 'Setting', min: 1, max: 2 },
  SecUnicodeCodePage: int,
  SecPcreMatchLimit: int,
  SecPcreMatchLimitRecursion: int,
  SecStatusEngine: flag,
  SecXmlExternalEntity: flag,
  SecConnEngine: one({ values: ['On', 'Off', 'DetectionOnly'] }),
  SecContentInjection: flag,
  SecStreamOutBodyInspection: flag,
  SecDisableBackendCompression: flag,
  SecHttpBlKey: path,
  SecGeoLookupDb: path,
  SecGsbLookupDb: path,
  SecHashEngine: flag,
  SecHashKey: { kind: 'Setting', min: 1, max: 2 },
  SecHashParam: path,
  SecHashMethodRx: { kind: 'Setting', min: 2, max: 2 },
  SecHashMethodPm: { kind: 'Setting', min: 2, max: 2 },
  SecRemoteRules: { kind: 'Setting', min: 2, max: 3 },
  SecRemoteRulesFailAction: one({ values: ['Abort', 'Warn'] }),
  SecRuleInheritance: flag,
  SecRulePerfTime: int,
  SecInterceptOnError: flag,
  SecSensorId: path,
};

const byLower = new Map<string, [string, DirectiveSpec]>(
  Object.entries(DIRECTIVES).map(([name, spec]) => [name.toLowerCase(), [name, spec]]),
);

/** The canonical name and spec of a directive, case-insensitively. */
export function lookupDirective(name: string): [string, DirectiveSpec] | undefined {
  return byLower.get(name.toLowerCase());
}
