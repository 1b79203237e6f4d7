import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';

/**
 * The Kubernetes manifests render (`kubectl kustomize`) and every service Deployment follows the
 * platform's rules: probes on the right endpoints, a grace period above the consumer session
 * timeout, zero-downtime rollouts, and a non-root, read-only container.
 */
const root = resolve(__dirname, '../..');

interface Container {
  name: string;
  image: string;
  command?: string[];
  livenessProbe?: { httpGet?: { path: string } };
  readinessProbe?: { httpGet?: { path: string } };
  startupProbe?: { httpGet?: { path: string } };
  lifecycle?: { preStop?: unknown };
  securityContext?: { readOnlyRootFilesystem?: boolean; allowPrivilegeEscalation?: boolean };
}
interface Manifest {
  kind: string;
  metadata: { name: string };
  spec?: {
    strategy?: { rollingUpdate?: { maxUnavailable?: number } };
    template?: { spec: { terminationGracePeriodSeconds?: number; securityContext?: { runAsNonRoot?: boolean; runAsUser?: number }; containers: Container[] } };
  };
}

const kubectl = ['/usr/bin/kubectl', '/usr/local/bin/kubectl'].find((path) => existsSync(path)) ?? 'kubectl';

function render(overlay: string): Manifest[] {
  const output = execFileSync(kubectl, ['kustomize', resolve(root, overlay)], { encoding: 'utf8' });
  return parseAllDocuments(output).map((document) => document.toJS() as Manifest);
}

describe('deploy/ manifests', () => {
  const manifests = render('deploy/overlays/production');
  const deployments = manifests.filter((manifest) => manifest.kind === 'Deployment');
  const services = readdirSync(resolve(root, 'services')).filter((name) => existsSync(resolve(root, 'services', name, 'src/main.ts')));

  it('deploy every service that has a main.ts', () => {
    expect(deployments.map((deployment) => deployment.metadata.name).sort()).toEqual(expect.arrayContaining(services.sort()));
  });

  it.each(services)('%s follows the probe, shutdown and security rules', (name) => {
    const deployment = deployments.find((candidate) => candidate.metadata.name === name);
    const pod = deployment?.spec?.template?.spec;
    const container = pod?.containers[0];
    expect(container?.livenessProbe?.httpGet?.path).toBe('/health/live');
    expect(container?.startupProbe?.httpGet?.path).toBe('/health/live');
    expect(container?.readinessProbe?.httpGet?.path).toBe('/health/ready');
    expect(container?.lifecycle?.preStop).toBeDefined();
    expect(pod?.terminationGracePeriodSeconds).toBeGreaterThan(30);
    expect(deployment?.spec?.strategy?.rollingUpdate?.maxUnavailable).toBe(0);
    expect(pod?.securityContext?.runAsNonRoot).toBe(true);
    expect(container?.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
    expect(manifests.some((manifest) => manifest.kind === 'PodDisruptionBudget' && manifest.metadata.name === name)).toBe(true);
  });

  // The root Dockerfile builds `mechanics-mate/<service>` with --build-arg SERVICE=<service>; the
  // image's own command starts that service, as the user the pod runs as.
  it.each(services)('%s runs the image the Dockerfile builds for it', (name) => {
    const dockerfile = readFileSync(resolve(root, 'Dockerfile'), 'utf8');
    const deployment = deployments.find((candidate) => candidate.metadata.name === name);
    const pod = deployment?.spec?.template?.spec;
    const container = pod?.containers[0];
    expect(container?.image).toMatch(new RegExp(`^mechanics-mate/${name}:[\\w.-]+$`));
    expect(container?.command).toBeUndefined();
    expect(dockerfile).toMatch(new RegExp(`^USER ${pod?.securityContext?.runAsUser}:`, 'm'));
  });
});
