import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { getDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { authenticate, clientIp } from "./sign-in";

export const SESSION_MAX_AGE_S = 12 * 60 * 60;

let cached: NextAuthOptions | undefined;

/** Cookies are Secure whenever the app is served over https (always in production, see lib/env.ts). */
export const secureCookies = () => env().appUrl.startsWith("https://");

/** next-auth configuration: e-mail + password, JWT sessions signed with the app secret. */
export function authOptions(): NextAuthOptions {
  cached ??= {
    secret: env().authSecret,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_S },
    // Session, CSRF and callback cookies: HttpOnly (session, CSRF), SameSite=Lax, and Secure (with the __Secure- prefix) over https.
    useSecureCookies: secureCookies(),
    pages: { signIn: "/sign-in" },
    providers: [
      CredentialsProvider({
        id: "credentials",
        name: "E-mail and password",
        credentials: { email: { label: "E-mail", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, req) {
          // Errors thrown here reach the sign-in form as `error`; SignInError messages are written for people.
          return authenticate(getDb(), credentials, clientIp(req?.headers, env().TRUSTED_PROXY_HOPS));
        },
      }),
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user) token.sub = user.id;
        return token;
      },
      async session({ session, token }) {
        if (session.user && token.sub) (session.user as { id?: string }).id = token.sub;
        return session;
      },
    },
  };
  return cached;
}
