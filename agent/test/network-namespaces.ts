// Test helper: a small network of hosts on this machine, each a Linux network namespace with its own address,
// joined by veth pairs to a bridge that lives in a namespace of its own (nothing changes in the machine's own
// namespace). Names are resolved per host the way `ip netns exec` provides: /etc/netns/<ns>/hosts is mounted
// over /etc/hosts for processes started in that namespace. Needs root (CAP_SYS_ADMIN, CAP_NET_ADMIN) and iproute2.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';

export interface Host {
  namespace: string;
  address: string;
}

export class TestNetwork {
  readonly hosts: Host[] = [];
  private readonly lan: string;
  private readonly hostFiles: string[] = [];

  /** Whether namespaces can be made here (root, iproute2, a kernel that allows it); the reason when not. */
  static unavailable(): string | undefined {
    const name = `qfprobe${process.pid}`;
    const made = spawnSync('ip', ['netns', 'add', name], { encoding: 'utf8' });
    if (made.error) return `ip (iproute2) not found: ${made.error.message}`;
    if (made.status !== 0) return `ip netns add failed: ${made.stderr.trim()}`;
    spawnSync('ip', ['netns', 'del', name]);
    return undefined;
  }

  /** A bridge and `count` hosts at 10.77.0.2, 10.77.0.3, ... (/24). */
  constructor(count: number, private readonly prefix = `qf${process.pid}`) {
    this.lan = `${prefix}-lan`;
    try {
      ip('netns', 'add', this.lan);
      ip('-n', this.lan, 'link', 'add', 'br0', 'type', 'bridge');
      ip('-n', this.lan, 'link', 'set', 'br0', 'up');
      for (let i = 0; i < count; i++) this.addHost(i);
    } catch (error) {
      this.remove();
      throw error;
    }
  }

  private addHost(i: number): void {
    const host = { namespace: `${this.prefix}-h${i}`, address: `10.77.0.${i + 2}` };
    ip('netns', 'add', host.namespace);
    this.hosts.push(host);
    ip('link', 'add', 'eth0', 'netns', host.namespace, 'type', 'veth', 'peer', 'name', `port${i}`, 'netns', this.lan);
    ip('-n', this.lan, 'link', 'set', `port${i}`, 'master', 'br0', 'up');
    ip('-n', host.namespace, 'addr', 'add', `${host.address}/24`, 'dev', 'eth0');
    ip('-n', host.namespace, 'link', 'set', 'eth0', 'up');
    ip('-n', host.namespace, 'link', 'set', 'lo', 'up');
  }

  /** Makes `name` resolve to `addresses` for processes started in `host`'s namespace (all of them, in order). */
  setHosts(host: Host, name: string, addresses: string[]): void {
    const dir = `/etc/netns/${host.namespace}`;
    mkdirSync(dir, { recursive: true });
    this.hostFiles.push(dir);
    writeFileSync(`${dir}/hosts`, ['127.0.0.1 localhost', ...addresses.map((a) => `${a} ${name}`)].join('\n') + '\n');
  }

  /** The command line that runs `argv` inside `host`'s namespace (exec'd: the pid is the program's own). */
  command(host: Host, argv: string[]): [string, string[]] {
    return ['ip', ['netns', 'exec', host.namespace, ...argv]];
  }

  /** Deletes the namespaces (their veth pairs and bridge go with them) and the hosts files. */
  remove(): void {
    for (const host of this.hosts) spawnSync('ip', ['netns', 'del', host.namespace]);
    spawnSync('ip', ['netns', 'del', this.lan]);
    for (const dir of this.hostFiles) rmSync(dir, { recursive: true, force: true });
  }
}

function ip(...args: string[]): void {
  execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}
