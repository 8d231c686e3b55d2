import { describe, expect, it } from 'vitest';
import { isWindowsImage, nodeWindowsBuild, releaseOfBuild, releaseOfImage } from '../src/windows-build.js';
import { fixtureNode, LINUX, WIN2019 } from './fixtures.js';

describe('Windows releases', () => {
  it('reads the release from ltsc and 1809 image tags', () => {
    expect(
      releaseOfImage('mcr.microsoft.com/dotnet/framework/aspnet:4.8.1-windowsservercore-ltsc2022')?.build,
    ).toBe('10.0.20348');
    expect(releaseOfImage('mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2019')?.build).toBe(
      '10.0.17763',
    );
    expect(releaseOfImage('contoso.azurecr.io/web/iis-wrapped:1809')?.build).toBe('10.0.17763');
  });

  it('does not guess a release from tags that do not name one', () => {
    expect(releaseOfImage('contoso.azurecr.io/web/app:18090')).toBeUndefined();
    expect(releaseOfImage('contoso.azurecr.io/ltsc2022/app:latest')).toBeUndefined();
    expect(releaseOfImage('mcr.microsoft.com/windows/servercore@sha256:ltsc2022')).toBeUndefined();
  });

  it('recognises Windows images by base image or release tag, and not Linux ones', () => {
    expect(isWindowsImage('mcr.microsoft.com/windows/nanoserver:ltsc2022')).toBe(true);
    expect(isWindowsImage('contoso.azurecr.io/web/kiosk:2.0-nanoserver-ltsc2022')).toBe(true);
    expect(isWindowsImage('contoso.azurecr.io/web/storefront:5.1.0')).toBe(false);
  });

  it('takes the node build from the label, else from the kernel version', () => {
    expect(nodeWindowsBuild(fixtureNode(WIN2019))).toBe('10.0.17763');
    const unlabelled = fixtureNode(WIN2019);
    delete unlabelled.metadata.labels['node.kubernetes.io/windows-build'];
    expect(nodeWindowsBuild(unlabelled)).toBe('10.0.17763');
    expect(nodeWindowsBuild(fixtureNode(LINUX))).toBeUndefined();
    expect(releaseOfBuild('10.0.20348.3207')?.name).toBe('Windows Server 2022');
  });
});
