/**
 * The person picked on pick-person for a family invite, handed back to the invite page (both pages
 * are in this subpackage, so they share this module). The invite page takes it in useDidShow.
 */
export interface PickedPerson {
  id: string
  name: string
  address: string
}

let picked: PickedPerson | null = null

export function putPickedPerson(person: PickedPerson): void {
  picked = person
}

export function takePickedPerson(): PickedPerson | null {
  const p = picked
  picked = null
  return p
}
