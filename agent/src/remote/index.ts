export { RemoteVectorEnv, EpisodesLostError, type RemoteVectorEnvOptions, type RemoteEnvStats } from './remote-vector-env.js';
export { ServerLink, LinkError } from './server-link.js';
export { parseEnvServers, resolveEnvServers, TargetError } from './server-targets.js';
