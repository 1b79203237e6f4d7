import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponses, CurrentPrincipal, Roles, type Principal } from '@mate/service-kit';
import { PreviewDto, PreviewRequestDto, SavedUnifiedSettingsDto, StoredUnifiedSettingsDto, UnifiedSettingsDto } from './dtos/unified-settings.dtos';
import { ManageUnifiedSettings } from './use-cases/manage-unified-settings';

/** HTTP only. Administrators configure what the unified model reads of a connection's system. */
@ApiTags('connections')
@Controller('connections')
export class UnifiedSettingsController {
  constructor(@Inject(ManageUnifiedSettings) private readonly manage: ManageUnifiedSettings) {}

  @Get(':id/unified-settings')
  @Roles('admin')
  @ApiOperation({ summary: "The connection's custom fields per entity and custom objects" })
  @ApiOkResponse({ type: StoredUnifiedSettingsDto })
  @ApiProblemResponses(404)
  async get(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<StoredUnifiedSettingsDto> {
    const { settings, updatedAt } = await this.manage.get(principal, id);
    return { settings, updatedAt: updatedAt?.toISOString() ?? null };
  }

  @Put(':id/unified-settings')
  @Roles('admin')
  @ApiOperation({
    summary: 'Replace the custom fields and custom objects; they apply from the next read. The answer lists remote fields found in no record sampled live from the system',
  })
  @ApiBody({ type: UnifiedSettingsDto })
  @ApiOkResponse({ type: SavedUnifiedSettingsDto })
  @ApiProblemResponses(404, 422)
  async replace(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() body: unknown): Promise<SavedUnifiedSettingsDto> {
    const saved = await this.manage.replace(principal, id, body);
    return { settings: saved.settings, validation: saved.validation, updatedAt: saved.updatedAt.toISOString() };
  }

  @Post(':id/unified-settings/preview')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'A record read live from the system as it will look with the settings being edited (nothing stored)' })
  @ApiBody({ type: PreviewRequestDto })
  @ApiOkResponse({ type: PreviewDto })
  @ApiProblemResponses(403, 404, 409, 422)
  @ApiResponse({ status: 502, description: 'The system failed the read' })
  async preview(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() body: unknown): Promise<PreviewDto> {
    const command = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
    return this.manage.preview(principal, id, { entity: command.entity, remoteId: command.remoteId, settings: command.settings });
  }
}
