/**
 * A first-in first-out queue: an array with a moving head. `shift()` on a
 * large array is linear in its length; here it is constant amortised, as
 * the array is cut only once its head has passed half of it.
 */
export class Fifo<T> {
  #items: (T | undefined)[] = []
  #head = 0

  get length (): number {
    return this.#items.length - this.#head
  }

  peek (): T | undefined {
    return this.at(0)
  }

  /** The item `index` places behind the head, without removing it. */
  at (index: number): T | undefined {
    // Never read past the array's end: the optimizing compiler assumes
    // reads stay in bounds until one does not, and then throws its code
    // away; walking a queue to its end would do that in every burst.
    const at = this.#head + index
    return at < this.#items.length ? this.#items[at] : undefined
  }

  push (item: T): void {
    this.#items.push(item)
  }

  shift (): T | undefined {
    if (this.#head === this.#items.length) return undefined
    const item = this.#items[this.#head]
    this.#items[this.#head++] = undefined
    if (this.#head >= 1024 && this.#head * 2 >= this.#items.length) {
      this.#items = this.#items.slice(this.#head)
      this.#head = 0
    }
    return item
  }

  /** Removes and returns every item, oldest first. */
  drain (): T[] {
    const all = this.#items.slice(this.#head) as T[]
    this.#items = []
    this.#head = 0
    return all
  }
}
