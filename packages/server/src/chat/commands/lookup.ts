// Read-only lookups (PC-84: the SDK cannot administer; categories and add-ins are read-only, users can be
// looked up): nodespermcreatechild (PC-33 FindCategoriesWithCreateRights), pchat-getaddins (PC-18
// GetAllAddIns), pchat-getuser (PersistentChatUserServices.GetUser).
import { categoriesWithCreateRights, normalizeUri, type Principal } from '@pchat/domain';
import { okReply, type CategoryInfo } from '@pchat/protocol';
import { toWirePrincipal } from '../convert.js';
import type { CommandSpec } from './spec.js';

const MAX_USER_LOOKUP = 200;

export const nodespermcreatechild: CommandSpec<'nodespermcreatechild'> = {
  dialog: 'chat',
  handle: async ({ ctx, session, envid }) => {
    // PC-33: empty = no create rights anywhere; the root category is never offered (PC-30).
    const categories = (await categoriesWithCreateRights(ctx.deps, session.actor, ctx.pool.fqdn)).map(
      (c): CategoryInfo => {
        const info: CategoryInfo = { uri: c.uri, name: c.name };
        if (c.description !== '') info.description = c.description;
        return info;
      },
    );
    return { reply: okReply('nodespermcreatechild', envid, { categories }) };
  },
};

export const getaddins: CommandSpec<'pchat-getaddins'> = {
  dialog: 'chat',
  handle: async ({ ctx, envid }) => {
    const addins = (await ctx.store.rooms.listAddins(ctx.pool.fqdn)).map((a) => ({
      id: a.id,
      name: a.name,
      url: a.url,
    }));
    return { reply: okReply('pchat-getaddins', envid, { addins }) };
  },
};

export const getuser: CommandSpec<'pchat-getuser'> = {
  dialog: 'chat',
  args: (cmd) =>
    cmd.uris.length === 0
      ? 'Name at least one user (<uib uri>) to look up.'
      : cmd.uris.length > MAX_USER_LOOKUP
        ? `At most ${MAX_USER_LOOKUP} users per lookup.`
        : undefined,
  handle: async ({ ctx, envid }, cmd) => {
    // Users only, in the order asked; unknown URIs and non-users (contacts, PC-82) are left out, so the
    // caller tells "no such user" from an empty answer (the SDK's GetUser says NoSuchPrincipal).
    const found = new Map<string, Principal>();
    for (const p of await ctx.store.directory.getMany([...new Set(cmd.uris.map(normalizeUri))]))
      found.set(normalizeUri(p.uri), p);
    const users = [];
    for (const uri of new Set(cmd.uris.map(normalizeUri))) {
      const p = found.get(uri);
      if (p?.kind === 'user') users.push(toWirePrincipal(p));
    }
    return { reply: okReply('pchat-getuser', envid, { users }) };
  },
};
