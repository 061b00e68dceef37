// The bad-input matrix through the core client.
import { badInputMatrix } from './helpers/bad-input.mjs'

badInputMatrix('core')
