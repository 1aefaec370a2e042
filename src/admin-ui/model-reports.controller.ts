import { BadRequestException, Controller, Get, NotFoundException, Param, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DomainError } from '../common/errors/domain-error.js';
import { ModelReportService } from './model-report.service.js';

// The report is static HTML with inline styles and SVG, no scripts: allow nothing else.
const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'";

/**
 * GET /admin/reports/:version — a model version's evaluation report. Admin only (not @Public: the
 * global guard wants an admin key or token, 401/403 otherwise). The dashboard fetches it with its key
 * and shows it from a blob: URL, so the key never goes into a link.
 */
@Controller('admin/reports')
export class ModelReportsController {
  constructor(private readonly reports: ModelReportService) {}

  @Get(':version')
  async report(@Param('version') version: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    try {
      const html = await this.reports.reportHtml(version);
      reply.header('content-type', 'text/html; charset=utf-8');
      reply.header('content-security-policy', REPORT_CSP);
      reply.header('x-content-type-options', 'nosniff');
      reply.header('cache-control', 'private, no-store');
      return html;
    } catch (e) {
      if (e instanceof DomainError && e.code === 'BAD_USER_INPUT') throw new BadRequestException(e.message);
      if (e instanceof DomainError && e.code === 'NOT_FOUND') throw new NotFoundException(e.message);
      throw e;
    }
  }
}
