import { Controller, Get, NotFoundException, Param, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/roles.js';
import { ASSET_NAME, loadAdminAssets, type AdminAsset } from './admin-assets.js';

/**
 * The product-team dashboard's page and assets. Public on purpose: they hold no data. The page asks
 * for an admin key and sends it with every GraphQL call, where the usual access control applies.
 */
// Only what the page needs: own scripts and styles (inline styles for report iframes), GraphQL on the
// same origin, reports opened as blob: documents; never framed by others.
export const DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "frame-src 'self' blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

@Public()
@Controller('admin')
export class AdminUiController {
  private readonly files = loadAdminAssets();

  @Get()
  page(@Res({ passthrough: true }) reply: FastifyReply): Buffer {
    return this.send(reply, this.files.index);
  }

  @Get('assets/:name')
  asset(@Param('name') name: string, @Res({ passthrough: true }) reply: FastifyReply): Buffer {
    const asset = ASSET_NAME.test(name) ? this.files.assets.get(name) : undefined;
    if (!asset) throw new NotFoundException(`No such dashboard asset: ${name.slice(0, 80)}`);
    return this.send(reply, asset);
  }

  private send(reply: FastifyReply, asset: AdminAsset): Buffer {
    reply.header('content-type', asset.contentType);
    reply.header('content-security-policy', DASHBOARD_CSP);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    // Files change only with a deploy; revalidate so a new version is picked up at once.
    reply.header('cache-control', 'no-cache');
    return asset.body;
  }
}
