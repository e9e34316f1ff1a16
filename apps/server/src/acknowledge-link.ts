import type { RosterBook } from '@kefu/roster';
import type { Runtime } from '@kefu/runtime';
import { errors, jwtVerify, SignJWT } from 'jose';
import { type RequestActor, type Role, roles } from './context.js';

/** A link the email/chat templates embed to acknowledge an escalation (the notify ↔ roster contract). */
export type AcknowledgeLink = (query: {
  escalationId: string;
  userId: string;
  at: string;
}) => Promise<string>;

/** Links are JWTs for this audience only: a link is no bearer token, and a bearer token is no link. */
export const acknowledgeAudience = 'kefu-acknowledge';
const issuer = 'kefu';
/** The path the server answers links on: `GET` shows a confirmation page, `POST` acknowledges. */
export const acknowledgePath = '/acknowledge/';

/** Why a link was refused; nothing was changed. */
export class InvalidAcknowledgeLink extends Error {
  constructor(
    readonly reason: 'expired' | 'invalid' | 'no-role',
    message: string,
  ) {
    super(message);
    this.name = 'InvalidAcknowledgeLink';
  }
}

/** What a verified link says: who acknowledges which escalation, until when. */
export interface AcknowledgeClaims {
  escalationId: string;
  actor: RequestActor;
  linkId: string;
  expiresAt: string;
}

export interface AcknowledgeLinks {
  /** Signs a link for one escalation and one user, valid from `at` for `validForMs`. */
  link: AcknowledgeLink;
  /**
   * As `link`, but '' for a user no roster gives a role on the ladder: for messages, which then go out without a
   * link (`@kefu/notify` leaves an empty link out).
   */
  linkIfAllowed: AcknowledgeLink;
  /** Checks a link's signature, audience and expiry at `now`; `InvalidAcknowledgeLink` says why not. */
  verify(token: string, now: Date): Promise<AcknowledgeClaims>;
}

const rank: Record<string, number> = { agent: 0, supervisor: 1, manager: 2, director: 3 };

/**
 * The user's team and most senior ladder role from the rosters (rotations and overrides): in the escalation's
 * team when its roster names them, else in the first team (by name) whose roster does.
 */
function rosterIdentity(
  book: RosterBook,
  team: string | undefined,
  userId: string,
): { role: Role; team: string } | undefined {
  const teams = [...(team !== undefined ? [team] : []), ...book.teams().filter((name) => name !== team)];
  for (const name of teams) {
    const roster = book.roster(name);
    if (!roster) continue;
    const held = [
      ...roster.rotations
        .filter((rotation) => rotation.members.includes(userId))
        .map((rotation) => rotation.role),
      ...roster.overrides.filter((override) => override.userId === userId).map((override) => override.role),
    ].filter((role) => role in rank && roles.includes(role as Role));
    if (held.length === 0) continue;
    const role = held.reduce((best, role) => (rank[role]! > rank[best]! ? role : best));
    return { role: role as Role, team: name };
  }
  return undefined;
}

/**
 * Signed, expiring acknowledgement links (HS256 with the server's secret). The user's role and team come from the
 * rosters (`rosterIdentity`) and are signed into the link; acknowledging through it runs the same authorization
 * as the `acknowledgeEscalation` mutation.
 */
export function createAcknowledgeLinks(options: {
  secret: Uint8Array;
  /** Where the server is reached from a mail client, e.g. `https://kefu.example.com`. */
  publicUrl: string;
  runtime: Runtime;
  roster: RosterBook;
  /** How long a link stays valid (default 24 hours). */
  validForMs?: number;
}): AcknowledgeLinks {
  const validForMs = options.validForMs ?? 24 * 3_600_000;
  const base = options.publicUrl.replace(/\/+$/, '');
  const links: AcknowledgeLinks = {
    linkIfAllowed: (query) =>
      links.link(query).catch((error: unknown) => {
        if (error instanceof InvalidAcknowledgeLink && error.reason === 'no-role') return '';
        throw error;
      }),
    async link({ escalationId, userId, at }) {
      const escalation = await options.runtime.get(escalationId);
      const team = typeof escalation.context.team === 'string' ? escalation.context.team : undefined;
      const identity = rosterIdentity(options.roster, team, userId);
      if (identity === undefined) {
        throw new InvalidAcknowledgeLink(
          'no-role',
          `No roster gives "${userId}" a role on the ladder, so no acknowledgement link can name them`,
        );
      }
      const issuedAt = Math.floor(Date.parse(at) / 1000);
      const token = await new SignJWT({ esc: escalationId, role: identity.role, team: identity.team })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(userId)
        .setIssuer(issuer)
        .setAudience(acknowledgeAudience)
        .setJti(`${escalationId}:${userId}:${issuedAt}`)
        .setIssuedAt(issuedAt)
        .setExpirationTime(issuedAt + Math.floor(validForMs / 1000))
        .sign(options.secret);
      return `${base}${acknowledgePath}${token}`;
    },
    async verify(token, now) {
      let payload: Awaited<ReturnType<typeof jwtVerify>>['payload'];
      try {
        ({ payload } = await jwtVerify(token, options.secret, {
          issuer,
          audience: acknowledgeAudience,
          algorithms: ['HS256'],
          requiredClaims: ['sub', 'exp', 'jti'],
          currentDate: now,
        }));
      } catch (error) {
        if (error instanceof errors.JWTExpired) {
          throw new InvalidAcknowledgeLink(
            'expired',
            'This acknowledgement link has expired. 此确认链接已过期。',
          );
        }
        throw new InvalidAcknowledgeLink(
          'invalid',
          'This acknowledgement link is not valid (altered, or not issued by this server). 此确认链接无效。',
        );
      }
      const role = payload.role;
      const team = payload.team;
      if (
        typeof payload.esc !== 'string' ||
        typeof role !== 'string' ||
        !roles.includes(role as Role) ||
        (team !== null && typeof team !== 'string')
      ) {
        throw new InvalidAcknowledgeLink(
          'invalid',
          'This acknowledgement link is not valid. 此确认链接无效。',
        );
      }
      return {
        escalationId: payload.esc,
        actor: { userId: payload.sub!, role: role as Role, team: (team as string | null) ?? null },
        linkId: payload.jti!,
        expiresAt: new Date(payload.exp! * 1000).toISOString(),
      };
    },
  };
  return links;
}
