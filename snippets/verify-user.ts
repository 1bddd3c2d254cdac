import { Arcade, BadRequestError } from "@arcadeai/arcadejs";
import type { NextApiRequest, NextApiResponse } from "next";

// Server side only: the API key never reaches the browser
const client = new Arcade();

/** Who is signed in to *your* app: from your own session, never the URL. */
export type CurrentUserId = (
  req: NextApiRequest,
) => Promise<string | undefined>;

/** Arcade's custom user verifier as a Next.js API route: GET /api/verify */
export function verifyUserRoute(currentUserId: CurrentUserId) {
  return async function handler(req: NextApiRequest, res: NextApiResponse) {
    const flowId = req.query.flow_id;
    const userId = await currentUserId(req);
    if (typeof flowId !== "string" || !userId) {
      res.status(400).send("Missing flow_id, or nobody is signed in");
      return;
    }
    try {
      // Must be the same user_id the app passed to auth.start()
      const result = await client.auth.confirmUser({
        flow_id: flowId,
        user_id: userId,
      });
      // Answer at once: Arcade finishes the grant at next_uri,
      // and the app's status poll then sees "completed".
      res.redirect(303, result.next_uri ?? "/");
    } catch (error) {
      if (!(error instanceof BadRequestError)) throw error;
      // A 400: another user started this flow (the body is in error.error).
      res.status(403).send("This authorization was started by another user");
    }
  };
}
