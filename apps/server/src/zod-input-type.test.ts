import {
  analysisReportSchema,
  channelSchema,
  complaintInputSchema,
  customerSchema,
  problemClassSchema,
  revisitRecordSchema,
} from '@kefu/complaint';
import { escalationReasonSchema } from '@kefu/escalation';
import { type GraphQLEnumType, GraphQLInputObjectType, GraphQLNonNull } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from './schema/index.js';

const inputType = (name: string) => schema.getType(name) as GraphQLInputObjectType;
/** The values of an enum (the printed schema is sorted, so they are compared as sets). */
const enumValues = (name: string) =>
  (schema.getType(name) as GraphQLEnumType)
    .getValues()
    .map(({ value }) => value)
    .sort();
const sorted = (values: readonly string[]) => [...values].sort();

describe('GraphQL types derived from the zod schemas', () => {
  it('gives each input the fields of its zod object, no more and no fewer', () => {
    expect(inputType('CustomerInput')).toBeInstanceOf(GraphQLInputObjectType);
    expect(Object.keys(inputType('CustomerInput').getFields()).sort()).toEqual(
      Object.keys(customerSchema.shape).sort(),
    );
    expect(Object.keys(inputType('AnalysisReportInput').getFields()).sort()).toEqual(
      Object.keys(analysisReportSchema.shape).sort(),
    );
    expect(Object.keys(inputType('OpenComplaintInput').getFields()).sort()).toEqual(
      Object.keys(complaintInputSchema.shape)
        .filter((field) => !['at', 'by', 'customerId', 'priorContacts'].includes(field))
        .sort(),
    );
  });

  it('requires what zod requires, and gives zod defaults as GraphQL defaults', () => {
    const customer = inputType('CustomerInput').getFields();
    expect(customer.name!.type).toBeInstanceOf(GraphQLNonNull);
    expect(customer.phone!.type).not.toBeInstanceOf(GraphQLNonNull);
    // The grade comes from the customer record unless given: its zod default is not the API's.
    expect(customer.grade!.defaultValue).toBeUndefined();
    expect(inputType('FollowUpRecordInput').getFields().customerContacted!.defaultValue).toBe(false);
    const revisit = inputType('RevisitRecordInput').getFields();
    expect(String(revisit.satisfaction!.type)).toBe('Satisfaction!');
    expect(String(inputType('AnalysisReportInput').getFields().documents!.type)).toBe('[String!]');
  });

  it('gives each enum the options of its zod enum', () => {
    expect(enumValues('Channel')).toEqual(sorted(channelSchema.options));
    expect(enumValues('ProblemClass')).toEqual(sorted(problemClassSchema.options));
    expect(enumValues('Satisfaction')).toEqual(sorted(revisitRecordSchema.shape.satisfaction.options));
    expect(enumValues('EscalationReason')).toEqual(sorted(escalationReasonSchema.options));
  });
});
