/**
 * The blogs one reader socket follows, pending subscriptions included. Socket.IO hands a socket's
 * messages over one by one but does not wait for an async handler, so two subscribes to one blog,
 * or a subscribe followed at once by an unsubscribe or a disconnect, interleave across the
 * relay's `join`. Recording the subscription before the join (not after) is what keeps it to one
 * per socket and blog, lets an unsubscribe during a pending join win, and bounds how many blogs
 * a socket may follow, pending ones counted.
 */
import { subscriptionCancelled, tooManySubscriptions } from "../errors.js";

/** What this needs from the relay: one join per subscription, one leave per join that succeeded (a failed join leaves by itself). */
export interface RelayMembership {
  join(blogId: string): Promise<void>;
  leave(blogId: string): void;
}

interface Subscription {
  /** The relay's join succeeded: a leave is owed. */
  joined: boolean;
  ready: Promise<void>;
}

export class ReaderSubscriptions {
  private readonly blogs = new Map<string, Subscription>();
  private closed = false;

  constructor(
    private readonly relay: RelayMembership,
    private readonly max: number,
  ) {}

  /**
   * Follows a blog. Resolves true when this call made the subscription, false when the socket
   * already had it (or was making it: then it waits for that one). Rejects with the relay's
   * error (the blog does not exist, the store is down), too_many_subscriptions, or
   * subscription_cancelled when an unsubscribe or disconnect came first.
   */
  async add(blogId: string): Promise<boolean> {
    const existing = this.blogs.get(blogId);
    if (existing) {
      await existing.ready;
      if (this.blogs.get(blogId) !== existing) throw subscriptionCancelled();
      return false;
    }
    if (this.closed) throw subscriptionCancelled();
    if (this.blogs.size >= this.max) throw tooManySubscriptions(this.max);
    const subscription: Subscription = { joined: false, ready: Promise.resolve() };
    this.blogs.set(blogId, subscription);
    subscription.ready = this.relay.join(blogId).then(
      () => {
        if (this.blogs.get(blogId) !== subscription) {
          this.relay.leave(blogId);
          throw subscriptionCancelled();
        }
        subscription.joined = true;
      },
      (err: unknown) => {
        if (this.blogs.get(blogId) === subscription) this.blogs.delete(blogId);
        throw err;
      },
    );
    await subscription.ready;
    return true;
  }

  /** Stops following a blog, pending or not. True when it had been joined (its room must be left). */
  remove(blogId: string): boolean {
    const subscription = this.blogs.get(blogId);
    if (!subscription) return false;
    this.blogs.delete(blogId);
    if (subscription.joined) this.relay.leave(blogId);
    return subscription.joined;
  }

  /** The socket is gone: stops following everything, and refuses what comes after. Returns the joined blogs. */
  close(): string[] {
    this.closed = true;
    return [...this.blogs.keys()].filter((blogId) => this.remove(blogId));
  }

  get size(): number {
    return this.blogs.size;
  }
}
