import { Body, Controller, HttpCode, Inject, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponses, CurrentPrincipal, type Principal } from '@mate/service-kit';
import { ConnectionAccess } from '../access/connection-access';
import { PassthroughReplyDto, PassthroughRequestDto } from './passthrough.dtos';
import { RunPassthrough } from './run-passthrough';

/** HTTP only. The connection's API token or an administrator's JWT. */
@ApiTags('passthrough')
@Controller('connections/:id/passthrough')
export class PassthroughController {
  constructor(@Inject(RunPassthrough) private readonly passthrough: RunPassthrough) {}

  @Post()
  @HttpCode(200)
  @ConnectionAccess('admin')
  @ApiOperation({ summary: "A raw authenticated call to the connected system, relative to its base URL, inside the rate budget and SSRF rules; the upstream status, safe headers and body" })
  @ApiOkResponse({ type: PassthroughReplyDto })
  @ApiProblemResponses(400, 401, 403, 404, 409, 422)
  async call(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() body: PassthroughRequestDto): Promise<PassthroughReplyDto> {
    return this.passthrough.execute(principal, id, body);
  }
}
