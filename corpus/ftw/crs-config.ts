/**
 * The engine configuration under which CRS's regression suite is meant to run, as CRS's own CI
 * sets it up (tests/docker-compose.yml and the image's ModSecurity configuration): detection
 * only, bodies inspected, JSON and XML bodies sent to their processors, and the 900005
 * settings. Written out here as SecLang so that the same compiler path is tested.
 */
export const ENGINE_SETUP = `
SecRuleEngine DetectionOnly
SecRequestBodyAccess On
SecRequestBodyLimit 13107200
SecRequestBodyNoFilesLimit 131072
SecRequestBodyLimitAction ProcessPartial
SecRequestBodyJsonDepthLimit 512
SecArgumentsLimit 1000
SecResponseBodyAccess On
SecResponseBodyMimeType text/plain text/html text/xml application/json
SecResponseBodyLimit 524288
SecResponseBodyLimitAction ProcessPartial
SecRule REQUEST_HEADERS:Content-Type "@rx ^(?:application(?:/soap\\+|/)|text/)xml" \\
    "id:200000,phase:1,t:none,t:lowercase,pass,nolog,ctl:requestBodyProcessor=XML"
SecRule REQUEST_HEADERS:Content-Type "@rx ^application/json" \\
    "id:200001,phase:1,t:none,t:lowercase,pass,nolog,ctl:requestBodyProcessor=JSON"
`;

/** The 900005 rule of CRS's regression setup, with the values CRS's CI uses. */
export const TEST_SETTINGS = `
SecAction "id:900005,phase:1,nolog,pass,ctl:ruleEngine=DetectionOnly,ctl:ruleRemoveById=910000,\\
    setvar:tx.blocking_paranoia_level=4,\\
    setvar:tx.arg_length=400,\\
    setvar:tx.total_arg_length=6400,\\
    setvar:tx.max_file_size=64100,\\
    setvar:tx.combined_file_sizes=65535"
`;
