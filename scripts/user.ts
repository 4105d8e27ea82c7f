/**
 * User CLI, for the operator of a DATABASE_URL install (there is no demo admin there):
 *
 *   npm run user:create -- --email a@b.example --name "Ada Admin" --role admin
 *
 * The password comes from WIREDESK_NEW_PASSWORD when set (CI, provisioning), otherwise
 * from a prompt that does not echo. It follows the same rules as the app (8–128
 * characters, common passwords refused). The creation is audited ("via": "cli").
 */
import { parseArgs } from "node:util";
import { createInterface } from "node:readline";
import { env } from "../lib/env";
import { disconnectDb } from "../lib/db/client";
import { ROLES, type Role } from "../lib/authz/policy";
import { isAppError } from "../lib/errors";
import { createUserFromCli } from "../lib/services/users";

const USAGE = `usage: npm run user:create -- --email <email> --name "<name>" --role <admin|editor|reporter>
The password is read from WIREDESK_NEW_PASSWORD, or prompted for.`;

/** Reads a line from the terminal without echoing it. */
function promptHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    if (!process.stdin.isTTY) return reject(new Error("no terminal to prompt on: set WIREDESK_NEW_PASSWORD"));
    const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
    const write = (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput.bind(rl);
    (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) =>
      write(s.startsWith(question) ? s : "");
    rl.question(question, (answer) => {
      rl.close();
      process.stdout.write("\n");
      resolve(answer);
    });
  });
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== "create") {
    console.error(USAGE);
    return 2;
  }
  const { values } = parseArgs({
    args: rest,
    options: { email: { type: "string" }, name: { type: "string" }, role: { type: "string" } },
  });
  const role = values.role?.toUpperCase() as Role | undefined;
  if (!values.email || !values.name || !role || !ROLES.includes(role)) {
    console.error(USAGE);
    return 2;
  }
  let password = env().WIREDESK_NEW_PASSWORD;
  if (!password) {
    password = await promptHidden(`Password for ${values.email}: `);
    if (password !== (await promptHidden("Repeat it: "))) {
      console.error("The two passwords differ.");
      return 1;
    }
  }
  try {
    const user = await createUserFromCli({ email: values.email, name: values.name, role, password });
    console.log(`Created ${user.role.toLowerCase()} ${user.name} <${user.email}> (id ${user.id}).`);
    return 0;
  } catch (e) {
    if (isAppError(e)) {
      console.error(`Not created: ${e.message}`);
      return 1;
    }
    throw e;
  } finally {
    await disconnectDb();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
